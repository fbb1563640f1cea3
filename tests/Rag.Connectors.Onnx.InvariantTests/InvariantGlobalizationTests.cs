// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>
/// Proves this project runs without ICU, where the tokenizer library on its own loses accented words; the linked
/// <see cref="TokenizationTests"/> then show the connector does not.
/// </summary>
public sealed class InvariantGlobalizationTests
{
    [Fact]
    public void Runtime_InvariantGlobalization_CannotNormalize()
    {
        Assert.Equal(string.Empty, CultureInfo.CurrentCulture.Name);
        Assert.Equal("\u00E9", "\u00E9".Normalize(NormalizationForm.FormD));
    }

    [Fact]
    public void LibraryTokenizerAlone_AccentedWords_BecomeUnknown()
    {
        using Stream vocabulary = EmbeddingModelDefinition.Create(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs }).OpenVocabulary();
        BertTokenizer library = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true, ApplyBasicTokenization = true });

        Assert.Equal([library.UnknownTokenId, library.UnknownTokenId, library.UnknownTokenId], library.EncodeToIds("España año niño", addSpecialTokens: false));
    }

    [Fact]
    public void Encode_AccentedWords_AreTheUnaccentedVocabularyWords()
    {
        BertInputEncoder encoder = BuiltInModels.Arctic.Encoder;

        int[] accented = encoder.Encode("España año niño", EmbeddingPurpose.Document, out _, out _);
        int[] plain = encoder.Encode("espana ano nino", EmbeddingPurpose.Document, out _, out _);

        Assert.Equal(plain, accented);
        Assert.DoesNotContain(encoder.UnknownTokenId, accented);
    }
}
