// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>The body of <c>POST /v1/embeddings</c>.</summary>
internal sealed class EmbeddingsRequest
{
    public string? Model { get; init; }

    /// <summary>Gets a string or an array of strings.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>Gets <c>float</c> (the default) or <c>base64</c> (little-endian float32, what the OpenAI .NET SDK asks for).</summary>
    public string? EncodingFormat { get; init; }

    public int? Dimensions { get; init; }

    /// <summary>Gets <c>query</c> or <c>document</c>/<c>passage</c> (default): models such as snowflake-arctic-embed embed queries differently.</summary>
    public string? InputType { get; init; }
}

/// <summary>The response of <c>POST /v1/embeddings</c>.</summary>
internal sealed record EmbeddingList(IReadOnlyList<EmbeddingItem> Data, string Model, EmbeddingUsage Usage)
{
    public string Object => "list";
}

/// <summary>One embedding: a float array, or a base64 string of little-endian float32 values.</summary>
internal sealed record EmbeddingItem(int Index, object Embedding)
{
    public string Object => "embedding";
}

/// <summary>Token usage of an embeddings request.</summary>
internal sealed record EmbeddingUsage(long PromptTokens, long TotalTokens);

/// <summary>The response of <c>GET /v1/models</c>.</summary>
internal sealed record ModelList(IReadOnlyList<ModelItem> Data)
{
    public string Object => "list";
}

/// <summary>A served model.</summary>
internal sealed record ModelItem(string Id, long Created, string OwnedBy)
{
    public string Object => "model";
}
