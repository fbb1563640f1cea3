// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Analysis;

namespace Rag.Connectors.Sqlite;

/// <summary>Inserts analysed chunks into the knowledge store's FTS5 table with one prepared command per write batch, gathering the languages they hold.</summary>
internal sealed class FullTextWriter : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _rowId;
    private readonly SqliteParameter _title;
    private readonly SqliteParameter _headings;
    private readonly SqliteParameter _text;
    private readonly SqliteParameter _language;

    public FullTextWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
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

    /// <summary>Inserts one chunk's analysed row (<see cref="KeywordAnalyzer.AnalyseChunks"/>).</summary>
    public void Insert(long rowId, AnalysedChunk chunk)
    {
        _rowId.Value = rowId;
        _title.Value = chunk.Title;
        _headings.Value = chunk.Headings;
        _text.Value = chunk.Text;
        _language.Value = chunk.Language.Name;
        _insert.ExecuteNonQuery();
        Languages.UnionWith(chunk.Used);
    }

    public void Dispose() => _insert.Dispose();
}
