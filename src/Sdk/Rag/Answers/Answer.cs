// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>A grounded answer: its text, the sources it was given, the verified citations, and how it was produced.</summary>
public sealed class Answer
{
    /// <summary>Gets the answer text. Every <c>[n]</c> marker left in it points to an entry of <see cref="Citations"/>.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the question as asked.</summary>
    public required string Question { get; init; }

    /// <summary>Gets the standalone query used for retrieval (the question, or its rewrite when it was a follow-up).</summary>
    public required string Query { get; init; }

    /// <summary>Gets the sources given to the model (or used for an extractive answer), numbered from 1.</summary>
    public IReadOnlyList<Source> Sources { get; init; } = [];

    /// <summary>Gets the verified citations, in order of first appearance in <see cref="Text"/>.</summary>
    public IReadOnlyList<Citation> Citations { get; init; } = [];

    /// <summary>Gets the numbers of markers the model wrote that pointed to no source; they were removed from <see cref="Text"/>.</summary>
    public IReadOnlyList<int> RemovedCitations { get; init; } = [];

    /// <summary>Gets a value indicating whether the answer consists of sentences quoted from the documents (no chat model was used).</summary>
    public bool IsExtractive { get; init; }

    /// <summary>Gets a value indicating whether the documents do not contain the answer (nothing passed the relevance floor, or the model said so).</summary>
    public bool NotFound { get; init; }

    /// <summary>Gets a value indicating whether the answer carries at least one valid citation. An answer without one is not grounded and should be treated with suspicion.</summary>
    public bool HasValidCitations => Citations.Count > 0;

    /// <summary>Gets the token usage of the chat model calls behind the answer (query rewriting and generation), when reported.</summary>
    public UsageDetails? Usage { get; init; }
}
