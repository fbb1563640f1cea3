// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Ingestion;

/// <summary>What the last folder sync did.</summary>
public sealed record IngestionSummary(int Added, int Changed, int Renamed, int Deleted, int Unchanged, IReadOnlyList<IngestionFailure> Failed, int ChunksEmbedded, double ElapsedSeconds)
{
    public static IngestionSummary From(FolderSyncResult r) =>
        new(r.Added.Count, r.Changed.Count, r.Renamed.Count, r.Deleted.Count, r.Unchanged, r.Failed, r.ChunksEmbedded, r.Elapsed.TotalSeconds);
}
