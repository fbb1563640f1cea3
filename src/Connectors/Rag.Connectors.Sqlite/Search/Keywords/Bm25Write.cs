// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// What one write transaction of this process changes in an FTS5 table, gathered inside the transaction so that
/// <see cref="Bm25Ranker.Apply"/> can bring its cache up to date after the commit instead of reading the table afresh:
/// the tokens of rows about to be deleted or rewritten, and the postings and sizes of rows inserted or rewritten.
/// </summary>
internal sealed class Bm25Write
{
    private const string FlushSavepoint = "rag_fts5_flush";

    private readonly Bm25Ranker _ranker;
    private readonly FullTextRowTokenizer _tokenizer;
    private readonly List<long> _added = [];

    internal Bm25Write(Bm25Ranker ranker, FullTextRowTokenizer tokenizer, string versionBefore)
    {
        _ranker = ranker;
        _tokenizer = tokenizer;
        VersionBefore = versionBefore;
    }

    /// <summary>Gets the table's version when the transaction began: the cache is updated only if it still holds that version.</summary>
    public string VersionBefore { get; }

    /// <summary>Gets the table's version with the transaction's changes, once <see cref="Finish"/> ran.</summary>
    public string? VersionAfter { get; private set; }

    /// <summary>Gets the rows deleted or rewritten, in the order they were reported.</summary>
    public List<long> RemovedRows { get; } = [];

    /// <summary>Gets the tokens the removed rows held before the change.</summary>
    public List<string> RemovedTokens { get; } = [];

    /// <summary>Gets the inserted or rewritten rows with their token counts, once <see cref="Finish"/> ran.</summary>
    public List<(long RowId, int Length)> AddedRows { get; private set; } = [];

    /// <summary>Gets the postings the added rows hold, once <see cref="Finish"/> ran.</summary>
    public List<(string Token, long RowId, int Column)> AddedPostings { get; private set; } = [];

    /// <summary>Records rows about to be deleted or rewritten (call before the statement that changes them).</summary>
    public void Removing(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> rowIds)
    {
        RemovedTokens.AddRange(_tokenizer.Tokens(connection, transaction, rowIds));
        RemovedRows.AddRange(rowIds);
    }

    /// <summary>Records rows inserted or rewritten (their postings are read in <see cref="Finish"/>).</summary>
    public void Added(IEnumerable<long> rowIds) => _added.AddRange(rowIds);

    /// <summary>
    /// Reads the added rows' postings and sizes and the table's new version, after the transaction's last change to the
    /// table. FTS5 keeps a transaction's changes in memory until it commits or a savepoint opens, so an empty savepoint
    /// writes them first: the version read is then the one the commit leaves.
    /// </summary>
    public void Finish(SqliteConnection connection, SqliteTransaction transaction)
    {
        transaction.Save(FlushSavepoint);
        transaction.Release(FlushSavepoint);
        AddedPostings = _tokenizer.Tokenize(connection, transaction, _added);
        AddedRows = _ranker.ReadLengths(connection, transaction, _added);
        VersionAfter = _ranker.ReadVersion(connection, transaction);
    }
}
