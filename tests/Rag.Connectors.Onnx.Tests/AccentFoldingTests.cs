// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>
/// The connector's own accent folding against ICU (this project runs with ICU; Rag.Connectors.Onnx.InvariantTests runs
/// the tokenization tests without it).
/// </summary>
public sealed class AccentFoldingTests
{
    [Fact]
    public void Fold_EveryCodePoint_IsWhatIcuBertAccentStrippingLeaves()
    {
        Assert.True(IcuNormalizes(), "This test needs ICU: run it without DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.");
        var wrong = new List<string>();

        for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (!Rune.IsValid(codePoint) || Rune.GetUnicodeCategory(new Rune(codePoint)) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            string text = char.ConvertFromUtf32(codePoint);
            string expected = IcuStripAccents(text);
            string actual = AccentFolding.Fold(text);
            if (!string.Equals(expected, actual, StringComparison.Ordinal) && wrong.Count < 20)
            {
                wrong.Add($"U+{codePoint:X4}: expected '{expected}', folded '{actual}'");
            }
        }

        Assert.True(wrong.Count == 0, "AccentFolding.txt is out of date (rerun tools/Rag.Connectors.Onnx.AccentFoldingTable):\n" + string.Join('\n', wrong));
    }

    [Theory]
    [MemberData(nameof(TokenizationTests.AccentedSentences), MemberType = typeof(TokenizationTests))]
    public void Encode_AccentedText_SameIdsAsTheLibrarysIcuTokenizer(string accented, string stripped)
    {
        Assert.True(IcuNormalizes(), "This test needs ICU: run it without DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.");
        BertInputEncoder encoder = BuiltInModels.Arctic.Encoder;
        BertTokenizer library = BuiltInModels.CreateLibraryTokenizer();

        foreach (string text in new[] { accented, stripped })
        {
            int[] ours = encoder.Encode(text, EmbeddingPurpose.Document, out _, out _);

            Assert.Equal(library.EncodeToIds(text, addSpecialTokens: false), ours[1..^1]);
        }
    }

    private static bool IcuNormalizes() => "\u00E9".Normalize(NormalizationForm.FormD) == "e\u0301";

    // What Microsoft.ML.Tokenizers' BertNormalizer does to accents with ICU: NFD, drop non-spacing marks, NFC.
    private static string IcuStripAccents(string text)
    {
        try
        {
            return string.Concat(text.Normalize(NormalizationForm.FormD).EnumerateRunes()
                .Where(r => Rune.GetUnicodeCategory(r) != UnicodeCategory.NonSpacingMark)
                .Select(r => r.ToString())).Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // ICU refuses U+FFFE; the folding drops it.
            return string.Empty;
        }
    }
}
