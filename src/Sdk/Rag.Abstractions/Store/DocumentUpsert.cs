// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>One document of a batch written by <see cref="KnowledgeStore.UpsertDocumentsAsync"/>: its record and its chunks.</summary>
/// <param name="Document">The document record.</param>
/// <param name="Chunks">The document's chunks with their embeddings; empty for a failed document.</param>
public sealed record DocumentUpsert(DocumentRecord Document, IReadOnlyList<DocumentChunk> Chunks);
