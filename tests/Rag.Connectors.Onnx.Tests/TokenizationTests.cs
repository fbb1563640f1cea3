// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>
/// The BERT uncased WordPiece behaviour: lower-casing, accent stripping, special tokens, counting. The same file runs
/// in Rag.Connectors.Onnx.InvariantTests under invariant globalization: tokenization must not depend on ICU.
/// </summary>
public sealed class TokenizationTests
{
    /// <summary>
    /// Accented text and what BERT's uncased basic tokenizer reads in it (NFD, non-spacing marks dropped), written out
    /// by hand so the expectation needs no normalization: letters without a canonical decomposition (ß, ł, ı) stay.
    /// </summary>
    public static TheoryData<string, string> AccentedSentences => new()
    {
        // Spanish
        { "El niño comió paella en la montaña.", "El nino comio paella en la montana." },
        { "Él está en el café de la estación.", "El esta en el cafe de la estacion." },
        { "¿Dónde se filtró? España, año, niño: la filtración.", "¿Donde se filtro? Espana, ano, nino: la filtracion." },
        // French
        { "Le garçon français a commencé à lire à Noël.", "Le garcon francais a commence a lire a Noel." },
        { "Où est la bibliothèque? Ça dépend, répondit-elle.", "Ou est la bibliotheque? Ca depend, repondit-elle." },
        { "Un naïf café, un résumé, une pièce d'Œdipe.", "Un naif cafe, un resume, une piece d'Œdipe." },
        // German
        { "Über die Brücke gehen schöne Mädchen; Grüße aus Köln an der Straße.", "Uber die Brucke gehen schone Madchen; Gruße aus Koln an der Straße." },
        // Portuguese
        { "A informação não está disponível em São Paulo; você pôde ir à reunião.", "A informacao nao esta disponivel em Sao Paulo; voce pode ir a reuniao." },
        // Polish
        { "Zażółć gęślą jaźń; Łódź leży w środkowej Polsce.", "Zazołc gesla jazn; Łodz lezy w srodkowej Polsce." },
        // Czech
        { "Příliš žluťoučký kůň úpěl ďábelské ódy.", "Prilis zlutoucky kun upel dabelske ody." },
        // Turkish
        { "İstanbul'da çalışan öğrenciler şehrin güzelliğini görüyor.", "Istanbul'da calısan ogrenciler sehrin guzelligini goruyor." },
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

    /// <summary>Decomposed accents (a letter and combining marks) and an unpaired surrogate, which ICU refuses to normalize.</summary>
    public static TheoryData<string, string> UnusualForms => new()
    {
        { "Do\u0301nde esta\u0301 el nin\u0303o", "donde esta el nino" },
        { "caf\uD800é", "cafe" },
    };

    [Theory]
    [MemberData(nameof(UnusualForms))]
    public void Encode_UnusualForm_IsReadAsThePlainWords(string text, string plain)
    {
        BertInputEncoder encoder = BuiltInModels.Arctic.Encoder;

        Assert.Equal(encoder.Encode(plain, EmbeddingPurpose.Document, out _, out _), encoder.Encode(text, EmbeddingPurpose.Document, out _, out _));
    }

    /// <summary>
    /// The guard: no Latin letter that carries an accent (one with a canonical decomposition) may become <c>[UNK]</c> in
    /// a built-in model, alone or inside a word.
    /// </summary>
    [Fact]
    public void Encode_EveryAccentedLatinLetter_IsNeverUnknown()
    {
        List<string> accented = [.. LatinLettersWithAccents()];
        Assert.True(accented.Count > 450, $"Only {accented.Count} accented Latin letters found.");

        foreach (BuiltInEmbeddingModel model in Enum.GetValues<BuiltInEmbeddingModel>())
        {
            BertInputEncoder encoder = BuiltInModels.Get(model).Encoder;
            List<string> unknown = [.. accented.Where(letter =>
                encoder.Encode(letter, EmbeddingPurpose.Document, out _, out _).Contains(encoder.UnknownTokenId)
                || encoder.Encode($"pal{letter}bra", EmbeddingPurpose.Document, out _, out _).Contains(encoder.UnknownTokenId))];

            Assert.True(unknown.Count == 0, $"{model} reads these accented letters as [UNK]: {string.Join(' ', unknown)}");
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

    private static IEnumerable<string> LatinLettersWithAccents()
    {
        foreach ((int first, int last) in new[] { (0x00C0, 0x00FF), (0x0100, 0x024F), (0x1E00, 0x1EFF) })
        {
            for (int codePoint = first; codePoint <= last; codePoint++)
            {
                string letter = char.ConvertFromUtf32(codePoint);
                if (char.IsLetter(letter, 0) && AccentFolding.Fold(letter) is { } folded && folded != letter && folded.All(char.IsAsciiLetter))
                {
                    yield return letter;
                }
            }
        }
    }
}
