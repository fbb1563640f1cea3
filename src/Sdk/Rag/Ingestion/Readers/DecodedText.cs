// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Ingestion.Readers;

/// <summary>The text of a file and, when decoding had to repair it, a warning that says how.</summary>
/// <param name="Text">The text, line breaks normalised to '\n'.</param>
/// <param name="Warning">What was repaired (for example how many invalid bytes were replaced); <see langword="null"/> when nothing was.</param>
internal readonly record struct DecodedText(string Text, string? Warning)
{
    /// <summary>Gets the warning as the list <see cref="ExtractedDocument.Warnings"/> takes: empty or one item.</summary>
    public IReadOnlyList<string> Warnings => Warning is null ? [] : [Warning];
}
