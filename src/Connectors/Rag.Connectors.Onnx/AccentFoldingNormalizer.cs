// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.ML.Tokenizers;

namespace Rag.Connectors.Onnx;

/// <summary>
/// The BERT normalizer with accents stripped by <see cref="AccentFolding"/> first, so an uncased model sees the same
/// text with or without ICU (under invariant globalization the library's own accent stripping does nothing).
/// </summary>
/// <param name="bertNormalizer">The tokenizer's own BERT normalizer (cleaning, lower-casing, dropping non-spacing marks).</param>
/// <remarks>Thread-safe: both steps are stateless.</remarks>
internal sealed class AccentFoldingNormalizer(Normalizer bertNormalizer) : Normalizer
{
    /// <inheritdoc />
    public override string Normalize(string original) => bertNormalizer.Normalize(AccentFolding.Fold(original));

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
