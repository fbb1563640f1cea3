// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Search;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite;

/// <content>The read view of one search.</content>
internal sealed partial class SqliteKnowledgeStoreCore
{
    /// <summary>
    /// One search's view of the store: one read transaction on one connection under the read gate, with the filter built
    /// and the query vector prepared once, for the three steps.
    /// </summary>
    private sealed class SearchSnapshot : KnowledgeSearchSnapshot
    {
        private readonly SqliteKnowledgeStoreCore _store;
        private readonly ChunkSearchRequest _request;
        private readonly SqliteReadSnapshot _read;
        private readonly SearchIndex _index;
        private readonly Func<long, int, bool>? _vectorFilter;
        private readonly SqlFilter? _sqlFilter;
        private readonly bool _matchesNothing;
        private readonly float[]? _query;

        public SearchSnapshot(SqliteKnowledgeStoreCore store, ChunkSearchRequest request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _store = store;
            _request = request;
            _read = store._database.BeginRead("Search");
            try
            {
                // The model, the index and the catalog change only under the write gate, which the read holds off.
                EmbeddingModelInfo? model = store._model;
                if (!request.Vector.IsEmpty && (model is null || request.Vector.Length != model.Dimensions))
                {
                    throw new ArgumentException($"The query vector has {request.Vector.Length} dimensions; the store '{store._database.Path}' holds {(model is null ? "no" : model.Dimensions.ToString(CultureInfo.InvariantCulture) + "-dimensional")} vectors.", nameof(request));
                }

                _index = store._index ?? store.CreateIndex(null);
                (_vectorFilter, _sqlFilter, _matchesNothing) = store.BuildFilter(request.Filter);
                _query = request.Vector.IsEmpty || _index.Vectors is null ? null : _index.Vectors.PrepareQuery(request.Vector.Span);
            }
            catch
            {
                _read.Dispose();
                throw;
            }
        }

        protected override Task<IReadOnlyList<ChunkCandidate>> FindNearestAsync(int top, CancellationToken cancellationToken) =>
            Run<IReadOnlyList<ChunkCandidate>>(() =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return _matchesNothing || _query is null
                    ? []
                    : _read.Read("Search", connection => _index.VectorSearch(connection, _query, top, _vectorFilter).Select(r => new ChunkCandidate(r.RowId, r.Score)).ToList());
            });

        protected override Task<IReadOnlyList<ChunkCandidate>> FindKeywordMatchesAsync(int top, CancellationToken cancellationToken) =>
            Run<IReadOnlyList<ChunkCandidate>>(() =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return _matchesNothing
                    ? []
                    : _read.Read("Search", connection =>
                    {
                        _store.RequireTokenizerUnchanged(connection);

                        // The languages as this snapshot sees the file: another store's write of a new language counts at once.
                        string? match = _store._analyzer.BuildQuery(_request.Keywords!, StoredLanguages(connection), _store._queryTokenizer);
                        return match is null ? [] : _index.KeywordSearch(connection, match, top, _sqlFilter).Select(r => new ChunkCandidate(r.RowId, r.Score)).ToList();
                    });
            });

        protected override Task<IReadOnlyList<ChunkSearchResult>> ReadRankedAsync(IReadOnlyList<FusedCandidate> ranking, CancellationToken cancellationToken) =>
            Run(() =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return _read.Read("Search", connection =>
                {
                    Dictionary<long, DocumentChunk> chunks = _store.ReadChunks(connection, _index, ranking.Select(r => r.ChunkKey), _request.IncludeEmbeddings);
                    long[] unscored = [.. ranking.Where(r => r.VectorScore is null).Select(r => r.ChunkKey)];
                    Dictionary<long, double> similarity = _query is null || unscored.Length == 0
                        ? []
                        : _index.Similarities(connection, _query, unscored);
                    return (IReadOnlyList<ChunkSearchResult>)[.. ranking
                        .Where(r => chunks.ContainsKey(r.ChunkKey))
                        .Select(r => new ChunkSearchResult(chunks[r.ChunkKey], r.Score, r.VectorScore ?? (similarity.TryGetValue(r.ChunkKey, out double s) ? s : null), r.KeywordScore))];
                });
            });

        protected override ValueTask DisposeAsyncCore()
        {
            _read.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
