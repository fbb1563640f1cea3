// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>
/// One update of a streamed answer: first <see cref="AnswerUpdateKind.SourcesRetrieved"/>, then
/// <see cref="AnswerUpdateKind.TextDelta"/> pieces, last <see cref="AnswerUpdateKind.Completed"/>.
/// </summary>
public sealed class AnswerUpdate
{
    /// <summary>Gets the kind of update.</summary>
    public required AnswerUpdateKind Kind { get; init; }

    /// <summary>Gets the retrieved sources (on <see cref="AnswerUpdateKind.SourcesRetrieved"/>; empty otherwise).</summary>
    public IReadOnlyList<Source> Sources { get; init; } = [];

    /// <summary>Gets the text piece (on <see cref="AnswerUpdateKind.TextDelta"/>; empty otherwise).</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Gets the final, verified answer (on <see cref="AnswerUpdateKind.Completed"/>; <see langword="null"/> otherwise).</summary>
    /// <remarks>Display this text once complete: unlike the deltas, its citation markers are verified.</remarks>
    public Answer? Answer { get; init; }
}
