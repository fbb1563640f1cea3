// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Ingestion;

/// <summary>The state of background ingestion, as returned by <c>GET /api/ingestion</c>.</summary>
public sealed record IngestionStatus(bool IsRunning, int Pending, IngestionSummary? LastResult, string? LastError, DateTimeOffset? LastCompletedAt);
