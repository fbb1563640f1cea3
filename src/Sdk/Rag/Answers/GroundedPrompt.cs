// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>A prompt assembled for a grounded answer.</summary>
/// <param name="Messages">The messages: the system rules, earlier turns, then the fenced sources and the question.</param>
/// <param name="Sources">The sources that fitted in the context window (a prefix of the retrieved ones, numbered from 1).</param>
/// <param name="MaxOutputTokens">The tokens left for the answer.</param>
/// <param name="PromptTokens">The tokens the prompt takes (counted, or estimated without a token counter).</param>
internal sealed record GroundedPrompt(IReadOnlyList<ChatMessage> Messages, IReadOnlyList<Source> Sources, int MaxOutputTokens, int PromptTokens);
