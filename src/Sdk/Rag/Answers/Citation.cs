// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>A verified citation: a <c>[n]</c> marker of an answer mapped to the source it points to.</summary>
/// <param name="Number">The marker's number, equal to <see cref="Source.Number"/>.</param>
/// <param name="Source">The cited source (path, title, heading path, page, line range).</param>
/// <param name="Snippet">The sentence of the source that best supports the answer text carrying the marker.</param>
public sealed record Citation(int Number, Source Source, string Snippet);
