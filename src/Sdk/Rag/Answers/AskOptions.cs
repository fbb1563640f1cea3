// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>Per-call options of a question.</summary>
public sealed class AskOptions
{
    /// <summary>Gets or sets the retrieval options of this question (top, filter, relevance floor).</summary>
    /// <value>Defaults to <see langword="null"/>: <see cref="RetrievalOptions"/>' defaults over every document.</value>
    public SearchOptions? Search { get; set; }

    /// <summary>
    /// Gets or sets the conversation this question belongs to. Follow-up questions are rewritten into standalone queries
    /// using it, and the question and answer are appended to it when the answer completes.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: a standalone question.</value>
    public Conversation? Conversation { get; set; }

    /// <summary>Gets or sets a value indicating whether to answer extractively even when a chat model is configured.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Extractive { get; set; }

    /// <summary>Gets or sets chat options passed to the chat model (temperature, model id…); the answer token limit is set from <see cref="AnswerOptions.MaxAnswerTokens"/> when unset.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public ChatOptions? ChatOptions { get; set; }
}
