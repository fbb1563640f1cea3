// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Rag;

/// <summary>
/// The read view of one <see cref="KnowledgeStore.SearchAsync"/>: its three steps (the vector list, the keyword list and
/// the read of the fused ranking) all read the one committed state the store captured when it opened the snapshot, so a
/// document replaced during the search is seen entirely before or entirely after, never mixed.
/// </summary>
/// <remarks>
/// A store creates one per search (<see cref="KnowledgeStore"/>'s <c>OpenSearchSnapshotAsync</c>) from the request, so it
/// prepares the filter and the query vector once; <see cref="KnowledgeStore.SearchAsync"/> disposes it when the search ends.
/// </remarks>
public abstract class KnowledgeSearchSnapshot : IAsyncDisposable
{
    /// <summary>Initializes a new instance of the <see cref="KnowledgeSearchSnapshot"/> class.</summary>
    protected KnowledgeSearchSnapshot()
    {
    }

    /// <summary>Finds the chunks nearest to the request's vector by cosine similarity (the vector list of a search).</summary>
    /// <param name="top">How many candidates to return, at least 1.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The candidates with their cosine similarity, best first.</returns>
    protected internal abstract Task<IReadOnlyList<ChunkCandidate>> FindNearestAsync(int top, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the chunks matching any term of the request's keywords, ranked by BM25 (the keyword list of a search), with
    /// the store's keyword analysis. Query syntax in the keywords is inert; term statistics stay the whole store's.
    /// </summary>
    /// <param name="top">How many candidates to return, at least 1.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The candidates with their BM25 relevance (higher is better), best first; empty when no term matches.</returns>
    protected internal abstract Task<IReadOnlyList<ChunkCandidate>> FindKeywordMatchesAsync(int top, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the chunks of a ranking, in its order. A candidate without a vector score gets its cosine similarity to the
    /// request's vector when it has one.
    /// </summary>
    /// <param name="ranking">The ranked candidates, found in this snapshot.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>One result per candidate, with the candidate's scores.</returns>
    protected internal abstract Task<IReadOnlyList<ChunkSearchResult>> ReadRankedAsync(IReadOnlyList<FusedCandidate> ranking, CancellationToken cancellationToken);

    /// <summary>Releases what holds the snapshot (a read transaction, a connection).</summary>
    /// <returns>A task that completes when the snapshot is released.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what holds the snapshot.</summary>
    /// <returns>A task that completes when the snapshot is released.</returns>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
