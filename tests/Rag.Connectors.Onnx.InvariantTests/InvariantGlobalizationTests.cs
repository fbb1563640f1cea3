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
        BertTokenizer library = BuiltInModels.CreateLibraryTokenizer();

        Assert.Equal([library.UnknownTokenId, library.UnknownTokenId, library.UnknownTokenId], library.EncodeToIds("España año niño", addSpecialTokens: false));
    }
}
