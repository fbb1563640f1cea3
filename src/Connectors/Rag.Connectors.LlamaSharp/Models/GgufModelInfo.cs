// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp;

/// <summary>What managed validation read from a GGUF file's header, without loading the model.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="FileLength">The file length in bytes.</param>
/// <param name="Version">The GGUF format version (2 or 3).</param>
/// <param name="TensorCount">The number of tensors.</param>
/// <param name="MetadataCount">The number of metadata key/value pairs.</param>
/// <param name="Architecture">The <c>general.architecture</c> value (for example <c>llama</c> or <c>qwen2</c>).</param>
/// <param name="Name">The <c>general.name</c> value, when present.</param>
/// <param name="ContextLength">The training context length (<c>{architecture}.context_length</c>), when present.</param>
/// <param name="ChatTemplate">The <c>tokenizer.chat_template</c> value, when present.</param>
public sealed record GgufModelInfo(
    string Path,
    long FileLength,
    uint Version,
    long TensorCount,
    long MetadataCount,
    string Architecture,
    string? Name,
    int? ContextLength,
    string? ChatTemplate);
