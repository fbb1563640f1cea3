// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Connectors.Sqlite.Search.Analysis;

namespace Rag.Connectors.Sqlite;

/// <summary>Creates knowledge stores held in one SQLite file per knowledge base.</summary>
public static class SqliteKnowledgeStore
{
    /// <summary>Opens (or creates on first use) the knowledge store held in <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The SQLite file of the knowledge base.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The store. The file is opened lazily, on the first call.</returns>
    /// <remarks>
    /// The store is thread-safe: many concurrent searches while one writer replaces documents; a search sees a
    /// replaced document entirely or not at all. Vectors are searched exactly in memory, loaded once from the file.
    /// Errors naming the file are thrown as <see cref="Microsoft.Extensions.VectorData.VectorStoreException"/>:
    /// locked by another process beyond <see cref="SqliteStoreOptions.BusyTimeout"/>, read-only, or not a database.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    /// <exception cref="ArgumentException">An option is invalid: the busy timeout is negative, the tokenizer empty, the keyword
    /// language unknown or a full-text weight outside (0, 100]; the exception names the option.</exception>
    public static KnowledgeStore Open(string databasePath, SqliteStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        options ??= new SqliteStoreOptions();
        options.Validate();
        return new SqliteKnowledgeStoreCore(databasePath, options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Rag.Connectors.Sqlite"));
    }

    /// <summary>
    /// Reads the <see cref="SqliteStoreOptions.KeywordLanguage"/> that the keyword index in <paramref name="databasePath"/>
    /// was analysed with, writing nothing; an application that leaves the setting unset can keep an index's own setting
    /// instead of re-analysing it with the default.
    /// </summary>
    /// <param name="databasePath">The SQLite file of the knowledge base.</param>
    /// <returns>The setting; <see langword="null"/> when the file does not exist, cannot be read, or holds no analysed keyword index yet.</returns>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public static KeywordLanguage? ReadKeywordLanguage(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            return null;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT value FROM rag_meta WHERE key = '{SqliteKnowledgeStoreCore.AnalysisKey}' AND EXISTS (SELECT 1 FROM pragma_table_info('chunks_fts') WHERE name = 'lang');";
            return KeywordAnalyzer.SettingOf(command.ExecuteScalar() as string);
        }
        catch (SqliteException)
        {
            return null; // not a store (yet): opening it reports what is wrong
        }
    }
}
