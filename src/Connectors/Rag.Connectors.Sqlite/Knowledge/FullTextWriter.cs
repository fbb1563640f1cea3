// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Analysis;

namespace Rag.Connectors.Sqlite;

/// <summary>Inserts chunks into the knowledge store's FTS5 table, each analysed in its language, with one prepared command per write batch.</summary>
internal sealed class FullTextWriter : IDisposable
{
    private readonly KeywordAnalyzer _analyzer;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _rowId;
    private readonly SqliteParameter _title;
    private readonly SqliteParameter _headings;
    private readonly SqliteParameter _text;
    private readonly SqliteParameter _language;

    public FullTextWriter(KeywordAnalyzer analyzer, SqliteConnection connection, SqliteTransaction transaction)
    {
        _analyzer = analyzer;
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = "INSERT INTO chunks_fts (rowid, title, headings, text, lang) VALUES ($rowid, $title, $headings, $text, $lang);";
        _rowId = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$rowid" });
        _title = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$title" });
        _headings = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$headings" });
        _text = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$text" });
        _language = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$lang" });
    }

    /// <summary>Gets the languages of the text inserted so far (a chunk's own, and any of its sentences or headings in another).</summary>
    public HashSet<LanguageProfile> Languages { get; } = [];

    /// <summary>Inserts one chunk's row: its title, heading path and text analysed in <paramref name="language"/> (the chunk's language).</summary>
    public void Insert(long rowId, string title, string headings, string text, LanguageProfile language)
    {
        _rowId.Value = rowId;
        _title.Value = _analyzer.AnalyseLabel(title, language, Languages);
        _headings.Value = _analyzer.AnalyseLabel(headings, language, Languages);
        _text.Value = _analyzer.AnalyseText(text, language, Languages);
        _language.Value = language.Name;
        _insert.ExecuteNonQuery();
    }

    public void Dispose() => _insert.Dispose();
}
