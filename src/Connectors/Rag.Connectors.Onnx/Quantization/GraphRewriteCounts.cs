// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx;

/// <summary>What a graph rewrite changed.</summary>
internal sealed class GraphRewriteCounts
{
    public int MatMulsQuantized { get; set; }

    public int BiasesFolded { get; set; }

    public int MatMulsKeptFloat32 { get; set; }

    public int InitializersStoredAsFloat16 { get; set; }

    public int ValuesClampedToFloat16 { get; set; }
}
