// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Endpoints;

/// <summary>A document of the knowledge base.</summary>
public sealed record DocumentDto(string Id, string Path, string? Title, string FileType, long Size, string Status, string? Error, int Chunks, DateTimeOffset IndexedAt)
{
    public static DocumentDto From(DocumentRecord d) => new(d.Id, d.Path, d.Title, d.FileType, d.Size, d.Status.ToString(), d.Error, d.ChunkCount, d.IndexedAt);
}
