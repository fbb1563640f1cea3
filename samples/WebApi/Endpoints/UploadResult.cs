// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Endpoints;

/// <summary>The files saved by an upload; ingestion runs in the background (see GET /api/ingestion).</summary>
public sealed record UploadResult(IReadOnlyList<string> Saved);
