// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgvector;
using Rag.Connectors.Postgres.Search;

namespace Rag.Connectors.Postgres;

/// <content>The read view of one search.</content>
internal sealed partial class PostgresKnowledgeStoreCore
{
    /// <summary>
    /// One search's view of the store: one <c>REPEATABLE READ</c> transaction on one connection, with the filter built and
    /// the query vector converted once, for the three steps.
    /// </summary>
    private sealed class SearchSnapshot : KnowledgeSearchSnapshot
    {
        private readonly PostgresKnowledgeStoreCore _store;
        private readonly ChunkSearchRequest _request;
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;
        private readonly string _filter;
        private readonly NpgsqlParameter[] _filterParameters;
        private readonly Vector? _query;

        public SearchSnapshot(PostgresKnowledgeStoreCore store, ChunkSearchRequest request, NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            _store = store;
            _request = request;
            _connection = connection;
            _transaction = transaction;
            _filter = store.Filter(request.Filter, "f", out _filterParameters);
            _query = request.Vector.IsEmpty ? null : new Vector(request.Vector);
        }

        protected override async Task<IReadOnlyList<ChunkCandidate>> FindNearestAsync(int top, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_query is null)
            {
                return [];
            }

            // hnsw.ef_search is set for this transaction only.
            var batch = new NpgsqlBatch(_connection, _transaction);
            await using ConfiguredAsyncDisposable batchScope = batch.ConfigureAwait(false);
            var settings = new NpgsqlBatchCommand(_store._iterativeScan
                ? "SELECT set_config('hnsw.ef_search', @ef, true), set_config('hnsw.iterative_scan', 'strict_order', true);"
                : "SELECT set_config('hnsw.ef_search', @ef, true);");
            settings.Parameters.AddWithValue("ef", Math.Clamp(Math.Max(_store._options.HnswEfSearch, top), 1, 1000).ToString(CultureInfo.InvariantCulture));
            batch.BatchCommands.Add(settings);
            var vectorCommand = new NpgsqlBatchCommand(
                $"SELECT c.id, 1 - (c.embedding <=> @q) FROM {_store._names.Chunks} c WHERE c.embedding IS NOT NULL{_filter} ORDER BY c.embedding <=> @q LIMIT @k;");
            vectorCommand.Parameters.AddWithValue("q", _query);
            vectorCommand.Parameters.AddWithValue("k", top);
            vectorCommand.Parameters.AddRange(FilterParameters());
            batch.BatchCommands.Add(vectorCommand);
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past set_config
            return await ReadScoresAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task<IReadOnlyList<ChunkCandidate>> FindKeywordMatchesAsync(int top, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<string>? terms = KeywordQuery.FromText(_request.Keywords!);
            if (terms is null)
            {
                return [];
            }

            (double Count, double AverageLength) statistics = await _store._keywordRanking.Statistics.GetAsync(_connection, _transaction, cancellationToken).ConfigureAwait(false);
            var batch = new NpgsqlBatch(_connection, _transaction);
            await using ConfiguredAsyncDisposable batchScope = batch.ConfigureAwait(false);
            batch.BatchCommands.Add(_store._keywordRanking.Command(null, terms, null, statistics, top, _filter, FilterParameters()));
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
            return await ReadScoresAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task<IReadOnlyList<ChunkSearchResult>> ReadRankedAsync(IReadOnlyList<FusedCandidate> ranking, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Dictionary<long, (DocumentChunk Chunk, double? Similarity)> chunks = await _store.ReadChunksAsync(
                _connection, [.. ranking.Select(r => r.ChunkKey)], _query, _request.IncludeEmbeddings, cancellationToken).ConfigureAwait(false);
            return [.. ranking
                .Where(r => chunks.ContainsKey(r.ChunkKey))
                .Select(r => new ChunkSearchResult(chunks[r.ChunkKey].Chunk, r.Score, r.VectorScore ?? chunks[r.ChunkKey].Similarity, r.KeywordScore))];
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            // Disposing the uncommitted, read-only transaction rolls it back.
            try
            {
                await _transaction.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>The filter's parameters for one command (a parameter belongs to one command).</summary>
        private NpgsqlParameter[] FilterParameters() => [.. _filterParameters.Select(p => p.Clone())];
    }
}
