// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>A file that was ingested, but only after a repair (for example invalid bytes replaced), and what was repaired.</summary>
/// <param name="Path">The path relative to the folder, with '/' separators.</param>
/// <param name="Message">What was repaired, from <see cref="ExtractedDocument.Warnings"/>.</param>
public sealed record IngestionWarning(string Path, string Message);
