// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx;

internal static class Placeholder
{
}
