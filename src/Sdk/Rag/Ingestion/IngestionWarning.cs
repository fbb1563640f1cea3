// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>A file that was ingested, but only after a repair (for example invalid bytes replaced), or an ignore file with a line that was skipped.</summary>
/// <param name="Path">The path relative to the folder, with '/' separators.</param>
/// <param name="Message">What was repaired, from <see cref="ExtractedDocument.Warnings"/>; or which line was skipped and why ("line 3: …").</param>
public sealed record IngestionWarning(string Path, string Message);
