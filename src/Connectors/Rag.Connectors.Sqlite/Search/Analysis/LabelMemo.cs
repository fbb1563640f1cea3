// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Rag.Connectors.Search.Analysis;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>Titles and heading paths already analysed (<see cref="KeywordAnalyzer.AnalyseChunk"/>), by label and language: each stored form with the languages it used.</summary>
internal sealed class LabelMemo : ConcurrentDictionary<(string Label, LanguageProfile Language), (string Stored, LanguageProfile[] Used)>;
