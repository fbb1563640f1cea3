// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>A file that could not be ingested, and why.</summary>
/// <param name="Path">The path relative to the folder, with '/' separators.</param>
/// <param name="Reason">Why it failed; the same text is stored in <see cref="DocumentRecord.Error"/>.</param>
public sealed record IngestionFailure(string Path, string Reason);
