// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Rag.Connectors.LlamaSharp;

/// <summary>A small catalog of instruct models recommended for local document Q&amp;A (GGUF, Q4_K_M quantisation).</summary>
/// <remarks>
/// Exact sizes and SHA-256 hashes are left unpinned (<see langword="null"/>) until they are verified against the
/// published files; the downloader then checks the size the server announces and that the file is valid GGUF.
/// Check each licence before redistributing a model.
/// </remarks>
public static class ModelCatalog
{
    /// <summary>Gets the catalog entries, smallest first.</summary>
    public static IReadOnlyList<ModelCatalogEntry> Models { get; } =
    [
        new(
            "qwen2.5-0.5b-instruct",
            "Qwen2.5 0.5B Instruct: fastest; fine for short grounded answers on any CPU.",
            new Uri("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf"),
            "qwen2.5-0.5b-instruct-q4_k_m.gguf",
            "Apache-2.0",
            ApproximateSizeBytes: 491_000_000),
        new(
            "llama-3.2-1b-instruct",
            "Llama 3.2 1B Instruct: small, multilingual, 128K training context.",
            new Uri("https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf"),
            "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
            "Llama 3.2 Community License",
            ApproximateSizeBytes: 808_000_000),
        new(
            "qwen2.5-1.5b-instruct",
            "Qwen2.5 1.5B Instruct: good quality/speed balance for RAG on a laptop.",
            new Uri("https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf"),
            "qwen2.5-1.5b-instruct-q4_k_m.gguf",
            "Apache-2.0",
            ApproximateSizeBytes: 1_120_000_000),
        new(
            "llama-3.2-3b-instruct",
            "Llama 3.2 3B Instruct: best answers of the four; wants 4 GB of free memory.",
            new Uri("https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf"),
            "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
            "Llama 3.2 Community License",
            ApproximateSizeBytes: 2_020_000_000),
    ];

    /// <summary>Finds a catalog entry by name (case-insensitive).</summary>
    /// <param name="name">The entry name.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns><see langword="true"/> when the catalog has the name.</returns>
    public static bool TryFind(string name, [NotNullWhen(true)] out ModelCatalogEntry? entry)
    {
        entry = Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        return entry is not null;
    }
}
