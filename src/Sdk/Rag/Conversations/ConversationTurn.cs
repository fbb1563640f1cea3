// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>One question and its answer in a <see cref="Conversation"/>.</summary>
/// <param name="Question">The question as asked.</param>
/// <param name="Query">The standalone query it was rewritten into for retrieval (the question itself when it needed no rewrite).</param>
/// <param name="AnswerText">The answer's text.</param>
public sealed record ConversationTurn(string Question, string Query, string AnswerText);
