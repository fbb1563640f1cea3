// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Tokenizers;

namespace Rag.Connectors.Onnx;

/// <summary>Turns text into a model's input ids: WordPiece tokens, optional prefix, <c>[CLS]</c>/<c>[SEP]</c>, truncation.</summary>
/// <remarks>Thread-safe: the tokenizer is immutable once created.</remarks>
internal sealed class BertInputEncoder
{
    private readonly BertTokenizer _tokenizer;
    private readonly int[] _queryPrefix;
    private readonly int[] _documentPrefix;

    public BertInputEncoder(EmbeddingModelDefinition definition, bool lowerCase)
    {
        try
        {
            _tokenizer = CreateTokenizer(definition, lowerCase);
        }
        catch (Exception ex) when (ex is not FileNotFoundException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"Could not read the BERT vocabulary of {definition.VocabularyPath ?? definition.Source}: {ex.Message}", ex);
        }

        _queryPrefix = [.. _tokenizer.EncodeToIds(definition.QueryPrefix, addSpecialTokens: false)];
        _documentPrefix = [.. _tokenizer.EncodeToIds(definition.DocumentPrefix, addSpecialTokens: false)];
        MaxSequenceLength = definition.MaxSequenceLength;
        int longestPrefix = Math.Max(_queryPrefix.Length, _documentPrefix.Length);
        if (MaxSequenceLength - 2 - longestPrefix < 1)
        {
            throw new ArgumentException($"MaxSequenceLength {MaxSequenceLength} leaves no room for text after the {longestPrefix}-token prefix and the two special tokens.");
        }

        MaxTextTokens = MaxSequenceLength - 2 - _documentPrefix.Length;
    }

    public int MaxSequenceLength { get; }

    /// <summary>Gets the most tokens of passage text that fit in one input (the model's length less special tokens and the passage prefix).</summary>
    public int MaxTextTokens { get; }

    public int UnknownTokenId => _tokenizer.UnknownTokenId;

    public BertTokenizer Tokenizer => _tokenizer;

    public int CountTokens(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: false).Count;

    /// <summary>Encodes one input for the model.</summary>
    /// <param name="text">The text.</param>
    /// <param name="purpose">Whether it is a query or a passage (selects the prefix).</param>
    /// <param name="textTokenCount">The text's token count before truncation.</param>
    /// <param name="truncated">Whether the text was cut to fit.</param>
    /// <returns>The ids, starting with <c>[CLS]</c> and ending with <c>[SEP]</c>, at most <see cref="MaxSequenceLength"/> long.</returns>
    public int[] Encode(string text, EmbeddingPurpose purpose, out int textTokenCount, out bool truncated)
    {
        int[] prefix = purpose == EmbeddingPurpose.Query ? _queryPrefix : _documentPrefix;
        IReadOnlyList<int> tokens = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        textTokenCount = tokens.Count;
        int kept = Math.Min(tokens.Count, MaxSequenceLength - 2 - prefix.Length);
        truncated = kept < tokens.Count;
        int[] ids = new int[kept + prefix.Length + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        prefix.CopyTo(ids, 1);
        for (int i = 0; i < kept; i++)
        {
            ids[1 + prefix.Length + i] = tokens[i];
        }

        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    private static BertTokenizer CreateTokenizer(EmbeddingModelDefinition definition, bool lowerCase)
    {
        using var vocabulary = new MemoryStream();
        using (Stream source = definition.OpenVocabulary())
        {
            source.CopyTo(vocabulary);
        }

        vocabulary.Position = 0;
        BertTokenizer tokenizer = BertTokenizer.Create(vocabulary, Options(normalizer: null));
        if (!lowerCase || tokenizer.Normalizer is not { } bertNormalizer)
        {
            return tokenizer;
        }

        // The library strips accents with string.Normalize, which does nothing under invariant globalization: a second
        // tokenizer puts the connector's own folding in front of the library's normalizer (options apply at creation).
        vocabulary.Position = 0;
        return BertTokenizer.Create(vocabulary, Options(new AccentFoldingNormalizer(bertNormalizer)));

        BertOptions Options(Normalizer? normalizer) => new()
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = lowerCase,
            ApplyBasicTokenization = true,
            Normalizer = normalizer,
        };
    }
}
