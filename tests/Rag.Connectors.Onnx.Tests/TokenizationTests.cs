// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>The BERT uncased WordPiece behaviour: lower-casing, accent stripping, special tokens, counting.</summary>
public sealed class TokenizationTests
{
    public static TheoryData<string, string> AccentedSentences => new()
    {
        { "El niño comió paella en la montaña.", "El nino comio paella en la montana." },
        { "Él está en el café de la estación.", "El esta en el cafe de la estacion." },
        { "Le garçon français a commencé à lire à Noël.", "Le garcon francais a commence a lire a Noel." },
        { "Où est la bibliothèque? Ça dépend, répondit-elle.", "Ou est la bibliotheque? Ca depend, repondit-elle." },
    };

    [Theory]
    [MemberData(nameof(AccentedSentences))]
    public void Encode_AccentedText_MatchesUncasedBertIdsWithoutUnknown(string accented, string stripped)
    {
        foreach (BuiltInEmbeddingModel model in Enum.GetValues<BuiltInEmbeddingModel>())
        {
            BertInputEncoder encoder = BuiltInModels.Get(model).Encoder;

            int[] actual = encoder.Encode(accented, EmbeddingPurpose.Document, out _, out _);
            int[] expected = encoder.Encode(stripped.ToLowerInvariant(), EmbeddingPurpose.Document, out _, out _);

            Assert.Equal(expected, actual);
            Assert.DoesNotContain(encoder.UnknownTokenId, actual);
        }
    }

    [Theory]
    [InlineData("café", "cafe")]
    [InlineData("niño", "nino")]
    [InlineData("Français", "francais")]
    public void Encode_AccentedWord_IsTheVocabularyWordWithoutAccents(string word, string vocabularyWord)
    {
        BertInputEncoder encoder = BuiltInModels.Arctic.Encoder;
        int expectedId = Array.IndexOf(BuiltInModels.ReadVocabulary(BuiltInEmbeddingModel.ArcticEmbedXs), vocabularyWord);
        Assert.True(expectedId > 0, $"'{vocabularyWord}' is not in the vocabulary.");

        int[] ids = encoder.Encode(word, EmbeddingPurpose.Document, out int count, out _);

        Assert.Equal(1, count);
        Assert.Equal([encoder.Tokenizer.ClassificationTokenId, expectedId, encoder.Tokenizer.SeparatorTokenId], ids);
    }

    [Fact]
    public void Encode_QueryPurposeOnArctic_PrependsQueryPrefixAfterCls()
    {
        BertInputEncoder encoder = BuiltInModels.Arctic.Encoder;

        int[] document = encoder.Encode("what is rag", EmbeddingPurpose.Document, out _, out _);
        int[] query = encoder.Encode("what is rag", EmbeddingPurpose.Query, out _, out _);
        int[] expectedPrefix = [.. encoder.Tokenizer.EncodeToIds("Represent this sentence for searching relevant passages:", addSpecialTokens: false)];

        Assert.Equal(document.Length + expectedPrefix.Length, query.Length);
        Assert.Equal(expectedPrefix, query[1..(1 + expectedPrefix.Length)]);
        Assert.Equal(document[1..], query[(1 + expectedPrefix.Length)..]);
    }

    [Fact]
    public void CountTokens_Text_CountsWordPiecesWithoutSpecialTokens()
    {
        ITokenCounter counter = BuiltInModels.Arctic;

        Assert.Equal(2, counter.CountTokens("Hello world"));
        Assert.Equal(4, counter.CountTokens("Hello, world!"));
        Assert.Equal(0, counter.CountTokens(string.Empty));
    }

    [Fact]
    public void MaxTokens_BuiltInModels_AreSequenceLengthLessSpecialTokens()
    {
        Assert.Equal(510, ((ITokenCounter)BuiltInModels.Arctic).MaxTokens);
        Assert.Equal(254, ((ITokenCounter)BuiltInModels.MiniLm).MaxTokens);
    }

    [Fact]
    public void CountTokens_ThroughGetService_IsTheGeneratorsOwnCounter()
    {
        using var generator = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2 });

        ITokenCounter? counter = generator.GetService<ITokenCounter>();

        Assert.NotNull(counter);
        Assert.Equal(254, counter.MaxTokens);
        Assert.Equal(4, counter.CountTokens("Hello, world!"));
    }
}
