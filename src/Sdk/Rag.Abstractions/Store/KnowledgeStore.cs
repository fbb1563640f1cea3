// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Rag;

/// <summary>
/// The document catalog and chunk index of one knowledge base: what ingestion writes and retrieval reads.
/// </summary>
/// <remarks>
/// <para>
/// This is the RAG-specific face of a store; connectors also expose their general-purpose
/// <c>Microsoft.Extensions.VectorData</c> <c>VectorStore</c>. What this type adds is what RAG needs and
/// VectorData does not give: per-document atomic replacement, a catalog of documents with change-detection data
/// and failures, and the identity of the embedding model the vectors came from.
/// </para>
/// <para>Implementations are thread-safe: many concurrent searches while one writer replaces documents.
/// A search never sees a half-replaced document.</para>
/// </remarks>
public abstract class KnowledgeStore : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="KnowledgeStore"/> class.</summary>
    protected KnowledgeStore()
    {
    }

    /// <summary>Creates the schema if needed and binds the store to an embedding model.</summary>
    /// <param name="model">The embedding model whose vectors will be stored.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    /// <exception cref="EmbeddingModelMismatchException">The store holds vectors of another model.</exception>
    public abstract Task InitializeAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default);

    /// <summary>Deletes every document and chunk and binds the store to a new embedding model (the re-embed path).</summary>
    /// <param name="model">The new embedding model.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the store is empty and bound to <paramref name="model"/>.</returns>
    public abstract Task ResetAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default);

    /// <summary>Gets the embedding model the stored vectors came from, or <see langword="null"/> for a new store.</summary>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The model information, if any.</returns>
    public abstract Task<EmbeddingModelInfo?> GetEmbeddingModelAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists every document record, indexed and failed.</summary>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The records, ordered by path.</returns>
    public abstract Task<IReadOnlyList<DocumentRecord>> GetDocumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a document and its chunks, replacing any earlier version of it in one transaction.</summary>
    /// <param name="document">The document record.</param>
    /// <param name="chunks">The document's chunks with their embeddings; empty for a failed document.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the change is durable.</returns>
    public abstract Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores several documents and their chunks, each replacing any earlier version of it: a bulk load of chunks embedded
    /// elsewhere, or a sync writing what it has ready. A store that can commit the batch as one transaction (SQLite) does
    /// so, which is faster than one transaction per document, and when the call fails such a store has stored none of them.
    /// </summary>
    /// <param name="documents">The documents, each at most once.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the changes are durable.</returns>
    /// <remarks>
    /// This base implementation writes the documents one by one with <see cref="UpsertDocumentAsync"/>: when it fails,
    /// the documents before the failing one are stored. Either way, no document is ever stored in part.
    /// </remarks>
    /// <exception cref="ArgumentException">A document appears twice in <paramref name="documents"/>, or a chunk is invalid (as for <see cref="UpsertDocumentAsync"/>).</exception>
    public virtual async Task UpsertDocumentsAsync(IReadOnlyList<DocumentUpsert> documents, CancellationToken cancellationToken = default)
    {
        RequireDistinct(documents);
        foreach (DocumentUpsert upsert in documents)
        {
            await UpsertDocumentAsync(upsert.Document, upsert.Chunks, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives a stored document a new identity and path, keeping its chunks and embeddings (a rename).</summary>
    /// <param name="documentId">The stored document's identifier.</param>
    /// <param name="renamed">The record under its new identity and path.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the change is durable.</returns>
    public abstract Task RenameDocumentAsync(string documentId, DocumentRecord renamed, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document and its chunks; does nothing when it is not stored.</summary>
    /// <param name="documentId">The document identifier.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the change is durable.</returns>
    public abstract Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Gets a document's chunks in order.</summary>
    /// <param name="documentId">The document identifier.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The chunks, without embeddings; empty when the document is unknown.</returns>
    public abstract Task<IReadOnlyList<DocumentChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches the chunks by vector, keywords or both, in one snapshot of the store (<see cref="OpenSearchSnapshotAsync"/>).
    /// The snapshot finds the candidates of each list with their raw scores; <see cref="HybridFusion"/> ranks them, the
    /// same way for every store; the snapshot then reads the ranked chunks.
    /// </summary>
    /// <param name="request">The search.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The best chunks, best first; each carries its cosine similarity whenever a vector was searched.</returns>
    /// <remarks>Spans (when a listener subscribes to the <c>Rag.Detail</c> source): <c>rag.retrieve.vector</c>, <c>rag.retrieve.keyword</c>,
    /// <c>rag.retrieve.fuse</c> and <c>rag.retrieve.read</c>, each with its counts.</remarks>
    public async Task<IReadOnlyList<ChunkSearchResult>> SearchAsync(ChunkSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Top, 1, nameof(request));
        cancellationToken.ThrowIfCancellationRequested();
        bool byVector = !request.Vector.IsEmpty;
        bool byKeywords = !string.IsNullOrWhiteSpace(request.Keywords);
        if (!byVector && !byKeywords)
        {
            return [];
        }

        KnowledgeSearchSnapshot snapshot = await OpenSearchSnapshotAsync(request, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable snapshotScope = snapshot.ConfigureAwait(false);
        int candidates = byVector && byKeywords ? Math.Max(request.Hybrid.CandidateCount, request.Top) : request.Top;
        IReadOnlyList<ChunkCandidate> nearest = [];
        if (byVector)
        {
            using Activity? phase = StartListPhase("retrieve.vector", candidates);
            nearest = await snapshot.FindNearestAsync(candidates, cancellationToken).ConfigureAwait(false);
            phase?.SetTag("rag.retrieve.results", nearest.Count);
        }

        IReadOnlyList<ChunkCandidate> matches = [];
        if (byKeywords)
        {
            using Activity? phase = StartListPhase("retrieve.keyword", candidates);
            matches = await snapshot.FindKeywordMatchesAsync(candidates, cancellationToken).ConfigureAwait(false);
            phase?.SetTag("rag.retrieve.results", matches.Count);
        }

        IReadOnlyList<FusedCandidate> ranking;
        if (nearest.Count > 0 && matches.Count > 0)
        {
            using Activity? phase = RagActivitySource.StartDetail("retrieve.fuse");
            ranking = HybridFusion.Fuse(nearest, matches, request.Hybrid, request.Top);
            phase?.SetTag("rag.retrieve.fusion", request.Hybrid.Method.ToString()).SetTag("rag.retrieve.results", ranking.Count);
        }
        else
        {
            // One list (or one that matched nothing): its own order and raw scores.
            ranking = nearest.Count > 0
                ? [.. nearest.Take(request.Top).Select(c => new FusedCandidate(c.ChunkKey, c.Score, c.Score, null))]
                : [.. matches.Take(request.Top).Select(c => new FusedCandidate(c.ChunkKey, c.Score, null, c.Score))];
        }

        if (ranking.Count == 0)
        {
            return [];
        }

        using Activity? read = RagActivitySource.StartDetail("retrieve.read");
        IReadOnlyList<ChunkSearchResult> results = await snapshot.ReadRankedAsync(ranking, cancellationToken).ConfigureAwait(false);
        read?.SetTag("rag.retrieve.results", results.Count);
        return results;
    }

    /// <summary>
    /// Opens the read view one search runs in: every step of <see cref="SearchAsync"/> reads the state committed when it
    /// opened (for example one read transaction), whatever writers commit meanwhile.
    /// </summary>
    /// <param name="request">The search; its vector (when not empty) has the store's dimensions, or the store throws an <see cref="ArgumentException"/>.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The snapshot, which the caller disposes.</returns>
    protected abstract Task<KnowledgeSearchSnapshot> OpenSearchSnapshotAsync(ChunkSearchRequest request, CancellationToken cancellationToken);

    private static Activity? StartListPhase(string phase, int candidates) =>
        RagActivitySource.StartDetail(phase)?.SetTag("rag.retrieve.candidates", candidates);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Checks a batch for <see cref="UpsertDocumentsAsync"/>: no null entry, and no document twice.</summary>
    /// <param name="documents">The batch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="documents"/> or one of its entries is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A document appears twice.</exception>
    protected static void RequireDistinct(IReadOnlyList<DocumentUpsert> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++)
        {
            DocumentUpsert upsert = documents[i] ?? throw new ArgumentNullException(nameof(documents), $"Entry {i} of the batch is null.");
            ArgumentNullException.ThrowIfNull(upsert.Document, nameof(documents));
            ArgumentNullException.ThrowIfNull(upsert.Chunks, nameof(documents));
            if (!seen.Add(upsert.Document.Id))
            {
                throw new ArgumentException($"Document '{upsert.Document.Id}' appears twice in the batch; give each document once.", nameof(documents));
            }
        }
    }
}
