// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp;

/// <summary>Progress of a model download.</summary>
/// <param name="BytesDownloaded">Bytes on disk so far, including a resumed earlier part.</param>
/// <param name="TotalBytes">The full size, when the server announced it.</param>
/// <param name="ResumedFromBytes">Bytes kept from an earlier interrupted download (0 for a fresh download).</param>
public readonly record struct ModelDownloadProgress(long BytesDownloaded, long? TotalBytes, long ResumedFromBytes);
