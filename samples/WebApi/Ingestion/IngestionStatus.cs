// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Ingestion;

/// <summary>The state of background ingestion, as returned by <c>GET /api/ingestion</c>.</summary>
/// <param name="IsRunning">Whether a sync is running (or waiting for the index's write lock).</param>
/// <param name="Pending">Whether another sync is queued behind it (0 or 1: requests coalesce).</param>
/// <param name="LastResult">What the last completed sync did.</param>
/// <param name="LastError">Why the last sync failed, or <see langword="null"/>.</param>
/// <param name="LastCompletedAt">When the last sync ended.</param>
/// <param name="WaitingFor">
/// Who holds the index's write lock while the sync waits for it ("pid 123 since …", for example a CLI <c>index</c>);
/// <see langword="null"/> when the sync is not waiting.
/// </param>
/// <param name="Progress">
/// How far the running sync is ("3/10 files · OCR page 3/40 of scan.pdf"); <see langword="null"/> when no sync is running.
/// </param>
public sealed record IngestionStatus(bool IsRunning, int Pending, IngestionSummary? LastResult, string? LastError, DateTimeOffset? LastCompletedAt, string? WaitingFor, string? Progress = null);
