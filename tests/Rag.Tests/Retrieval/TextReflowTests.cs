// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Tests.Retrieval;

public sealed class TextReflowTests
{
    [Fact]
    public void Sentences_HardWrappedLine_JoinsTheSentenceAcrossTheBreak()
    {
        List<string> sentences = TextAnalysis.Sentences("The default weight value is\n50, and the maximum is 100. Patterns with a higher\nweight win.");

        Assert.Equal(["The default weight value is 50, and the maximum is 100.", "Patterns with a higher weight win."], sentences);
    }

    [Fact]
    public void Paragraphs_WrappedReadme_ListItemsLabelsAndBlankLinesEndParagraphs()
    {
        // Arrange: a plain-text README as it is usually hard-wrapped at 72 columns.
        const string text =
            "Installation\n" +
            "Run the installer and follow the prompts on the screen. The installer\n" +
            "needs administrator rights on Windows.\n" +
            "\n" +
            "Requirements:\n" +
            "- 4 GB of memory\n" +
            "- a 64-bit processor with\n" +
            "  SSE2 support\n" +
            "2) A network connection.\n";

        // Act
        List<TextParagraph> paragraphs = TextReflow.Paragraphs(text);

        // Assert
        Assert.Equal(
            [
                new TextParagraph("Installation", TextParagraphKind.Heading),
                new TextParagraph("Run the installer and follow the prompts on the screen. The installer needs administrator rights on Windows.", TextParagraphKind.Prose),
                new TextParagraph("Requirements:", TextParagraphKind.Prose),
                new TextParagraph("4 GB of memory", TextParagraphKind.ListItem),
                new TextParagraph("a 64-bit processor with SSE2 support", TextParagraphKind.ListItem),
                new TextParagraph("A network connection.", TextParagraphKind.ListItem),
            ],
            paragraphs);
    }

    [Fact]
    public void Paragraphs_ManPageOptions_KeepTermAndDescriptionTogether()
    {
        const string text =
            "-L, --location\n" +
            "       (HTTP) If the server reports that the requested page has moved to a\n" +
            "       different location, this option makes curl redo the request.\n" +
            "\n" +
            "-b, --benchmark    perform a benchmark on decoding\n" +
            "work_mem (integer)\n" +
            "    Sets the base maximum amount of memory to be used by a query operation.";

        List<TextParagraph> paragraphs = TextReflow.Paragraphs(text);

        Assert.Equal(
            [
                new TextParagraph(
                    "-L, --location — (HTTP) If the server reports that the requested page has moved to a different location, this option makes curl redo the request.",
                    TextParagraphKind.Definition,
                    "-L, --location"),
                new TextParagraph("-b, --benchmark — perform a benchmark on decoding", TextParagraphKind.Definition, "-b, --benchmark"),
                new TextParagraph("work_mem (integer) — Sets the base maximum amount of memory to be used by a query operation.", TextParagraphKind.Definition, "work_mem (integer)"),
            ],
            paragraphs);
    }

    [Fact]
    public void Paragraphs_HyphenatedLineBreak_DropsHyphenOnlyWhenTheWordOccursElsewhere()
    {
        List<TextParagraph> paragraphs = TextReflow.Paragraphs(
            "Each document is split into chunks. The docu-\nment title and the command-\nline options are kept.");

        Assert.Equal("Each document is split into chunks. The document title and the command-line options are kept.", Assert.Single(paragraphs).Text);
    }

    [Fact]
    public void Paragraphs_ContentsPageAndMarkdownStructure_AreMarked()
    {
        const string text =
            "# Contents\n" +
            "Header file libtasn1.h.......... 4\n" +
            "ASN.1 structure handling . . . . . . 12\n" +
            "| Name | Value |\n" +
            "|------|-------|\n" +
            "```\n" +
            "make install\n" +
            "```\n" +
            "#include <idn2.h>";

        List<TextParagraph> paragraphs = TextReflow.Paragraphs(text);

        Assert.Equal(
            [TextParagraphKind.Heading, TextParagraphKind.Contents, TextParagraphKind.Contents, TextParagraphKind.TableRow, TextParagraphKind.Code, TextParagraphKind.Code, TextParagraphKind.Code, TextParagraphKind.Code],
            paragraphs.Select(p => p.Kind));
        Assert.Equal("Name; Value", paragraphs[3].Text);
    }

    [Fact]
    public void Paragraphs_LinesStartingWithAnOperator_AreTextNotTableRows()
    {
        const string Text = "The expression precedence is as follows: (lowest to highest)\n\n|| operator, left associative\n&& operator, left associative\n| operator, bitwise or";

        List<TextParagraph> paragraphs = TextReflow.Paragraphs(Text);

        Assert.DoesNotContain(paragraphs, p => p.Kind == TextParagraphKind.TableRow);
        Assert.Contains(paragraphs, p => p.Text.StartsWith("|| operator, left associative", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Text.Contains("| operator, bitwise or", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Use a short key, e.g. a user name. Keys are case-sensitive.", "Use a short key, e.g. a user name.|Keys are case-sensitive.")]
    [InlineData("Dr. Smith wrote version 2.5.1 in 2020. It is 3.5 times faster.", "Dr. Smith wrote version 2.5.1 in 2020.|It is 3.5 times faster.")]
    [InlineData("See No. 5 and fig. 3 for details. J. R. Tolkien agreed.", "See No. 5 and fig. 3 for details.|J. R. Tolkien agreed.")]
    [InlineData("Call `cfg.Load(). Then` once. Done!", "Call `cfg.Load(). Then` once.|Done!")]
    [InlineData("He said \"stop.\" Then he left... and came back.", "He said \"stop.\"|Then he left... and came back.")]
    [InlineData("La Sra. García llegó a las 9. ¿Qué le faltaba al modelo? No tenía instrucción, p. ej. RLHF. ¡Nada más!", "La Sra. García llegó a las 9.|¿Qué le faltaba al modelo?|No tenía instrucción, p. ej. RLHF.|¡Nada más!")]
    [InlineData("Apples, pears, etc. The rest is (mostly) fruit.", "Apples, pears, etc.|The rest is (mostly) fruit.")]
    public void Split_AbbreviationsDecimalsCodeAndSpanish_EndSentencesOnlyWhereTheyEnd(string paragraph, string expected)
    {
        Assert.Equal(expected.Split('|'), SentenceSplitter.Split(paragraph));
    }
}
