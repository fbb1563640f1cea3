// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.LlamaSharp;

/// <summary>A recommended model that <see cref="ModelStore.PullAsync(string, System.IProgress{ModelDownloadProgress}?, System.Threading.CancellationToken)"/> can download by name.</summary>
/// <param name="Name">The short name used on the command line (for example <c>qwen2.5-0.5b-instruct</c>).</param>
/// <param name="Description">A one-line description.</param>
/// <param name="DownloadUri">Where the GGUF file is downloaded from.</param>
/// <param name="FileName">The file name in the model store.</param>
/// <param name="License">The model's licence (SPDX id where one exists).</param>
/// <param name="ApproximateSizeBytes">The approximate download size, for display; not used for verification.</param>
/// <param name="SizeBytes">The exact file size, verified after download; <see langword="null"/> when not pinned.</param>
/// <param name="Sha256">The file's SHA-256 (hex), verified after download; <see langword="null"/> when not pinned.</param>
public sealed record ModelCatalogEntry(
    string Name,
    string Description,
    Uri DownloadUri,
    string FileName,
    string License,
    long ApproximateSizeBytes,
    long? SizeBytes = null,
    string? Sha256 = null);
