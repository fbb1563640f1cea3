// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>What a text is embedded for: some models (for example snowflake-arctic-embed) embed queries differently from passages.</summary>
public enum EmbeddingPurpose
{
    /// <summary>A passage stored in the index. The default.</summary>
    Document = 0,

    /// <summary>A search query compared against stored passages.</summary>
    Query = 1,
}
