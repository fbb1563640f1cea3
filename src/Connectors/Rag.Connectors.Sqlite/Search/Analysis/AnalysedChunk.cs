// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Rag.Connectors.Search.Analysis;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>A chunk's FTS5 row as <see cref="KeywordAnalyzer.AnalyseChunks"/> made it: the stored title, heading path and text, the chunk's language, and every language the analysis used.</summary>
internal sealed record AnalysedChunk(string Title, string Headings, string Text, LanguageProfile Language, IReadOnlySet<LanguageProfile> Used);
