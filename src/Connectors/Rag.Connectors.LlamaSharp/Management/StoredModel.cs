// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.LlamaSharp;

/// <summary>A model file in a <see cref="ModelStore"/>.</summary>
/// <param name="FileName">The file name.</param>
/// <param name="Path">The full path, usable as <see cref="LlamaSharpChatOptions.ModelPath"/>.</param>
/// <param name="SizeBytes">The file size.</param>
/// <param name="LastModified">When the file was last written (UTC).</param>
/// <param name="CatalogName">The catalog name when the file is a catalog model, otherwise <see langword="null"/>.</param>
public sealed record StoredModel(string FileName, string Path, long SizeBytes, DateTimeOffset LastModified, string? CatalogName);
