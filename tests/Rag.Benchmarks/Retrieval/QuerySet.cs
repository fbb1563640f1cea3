// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Benchmarks.Retrieval;

/// <summary>Judged queries of one split: query text by id, and the relevant documents of each query.</summary>
internal sealed record QuerySet(
    IReadOnlyDictionary<string, string> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgements);
