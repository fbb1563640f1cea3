// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>The outcome of verifying an answer's citation markers.</summary>
/// <param name="Text">The answer text with markers that point to nothing removed.</param>
/// <param name="Citations">The valid citations, in order of first appearance.</param>
/// <param name="Removed">The numbers of removed markers, in order of appearance.</param>
internal sealed record CitationCheck(string Text, IReadOnlyList<Citation> Citations, IReadOnlyList<int> Removed);
