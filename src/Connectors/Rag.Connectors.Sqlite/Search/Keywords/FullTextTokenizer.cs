// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// Turns a query phrase into the tokens an FTS5 table of a given tokenizer stores, by running that very tokenizer: a
/// private in-memory database holds a one-row FTS5 table of the same <c>tokenize</c> setting, and its <c>fts5vocab</c>
/// instance table lists the tokens. Results are cached per phrase.
/// </summary>
internal sealed class FullTextTokenizer : IDisposable
{
    /// <summary>The most phrases whose tokens are kept; the cache is emptied when it grows past this.</summary>
    private const int MaxCachedPhrases = 65_536;

    private readonly object _lock = new();
    private readonly ConcurrentDictionary<string, string[]?> _cache = new(StringComparer.Ordinal);
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _text;
    private readonly SqliteCommand _read;
    private readonly SqliteCommand _clear;

    /// <param name="tokenize">The FTS5 <c>tokenize</c> option of the table whose tokens are wanted.</param>
    public FullTextTokenizer(string tokenize)
    {
        _connection = new SqliteConnection("Data Source=:memory:;Pooling=False");
        _connection.Open();
        SqliteDatabase.Execute(
            _connection,
            $"CREATE VIRTUAL TABLE phrase USING fts5 (text, tokenize = '{tokenize.Replace("'", "''", StringComparison.Ordinal)}'); CREATE VIRTUAL TABLE phrase_tokens USING fts5vocab (phrase, instance);");
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO phrase (rowid, text) VALUES (1, $text);";
        _text = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$text" });
        _read = _connection.CreateCommand();
        _read.CommandText = "SELECT term, offset FROM phrase_tokens ORDER BY offset;";
        _clear = _connection.CreateCommand();
        _clear.CommandText = "DELETE FROM phrase;";
    }

    /// <summary>
    /// Gets the tokens of <paramref name="phrase"/> in order, or <see langword="null"/> when two tokens share a position
    /// (a tokenizer that adds synonyms), which a caller cannot score as a plain phrase.
    /// </summary>
    public string[]? Tokenize(string phrase)
    {
        if (_cache.TryGetValue(phrase, out string[]? cached))
        {
            return cached;
        }

        string[]? tokens;
        lock (_lock)
        {
            _text.Value = phrase;
            _insert.ExecuteNonQuery();
            var found = new List<string>();
            int lastOffset = -1;
            bool colocated = false;
            using (SqliteDataReader reader = _read.ExecuteReader())
            {
                while (reader.Read())
                {
                    int offset = reader.GetInt32(1);
                    colocated |= offset == lastOffset;
                    lastOffset = offset;
                    found.Add(reader.GetString(0));
                }
            }

            _clear.ExecuteNonQuery();
            tokens = colocated ? null : [.. found];
        }

        if (_cache.Count >= MaxCachedPhrases)
        {
            _cache.Clear();
        }

        _cache[phrase] = tokens;
        return tokens;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _read.Dispose();
        _clear.Dispose();
        _connection.Dispose();
    }
}
