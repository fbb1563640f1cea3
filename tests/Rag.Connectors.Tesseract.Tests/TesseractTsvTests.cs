// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Tesseract.Tests;

public class TesseractTsvTests
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    [Fact]
    public void Parse_WordsOfTwoParagraphs_JoinsLinesDehyphenatesAndWeightsConfidenceByLength()
    {
        string tsv = Header
            + "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n"
            + "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tRecog-\n"
            + "5\t1\t1\t1\t2\t1\t0\t0\t10\t10\t90\tnised\n"
            + "5\t1\t1\t1\t2\t2\t0\t0\t10\t10\t90\ttext.\n"
            + "5\t1\t2\t1\t1\t1\t0\t0\t10\t10\t40\tAb\n";

        OcrPage page = Assert.Single(TesseractTsv.Parse(tsv));

        Assert.Equal(1, page.PageNumber);
        Assert.Equal(["Recognised text.", "Ab"], page.Paragraphs);
        Assert.Equal(((0.9 * 16) + (0.4 * 2)) / 18, page.Confidence, 4);
    }

    [Fact]
    public void Parse_TwoFrames_GivesTwoPagesAndAnEmptyFrameHasNoParagraphs()
    {
        string tsv = Header
            + "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t95\tOne\n"
            + "1\t2\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n";

        List<OcrPage> pages = TesseractTsv.Parse(tsv);

        Assert.Equal([1, 2], pages.Select(p => p.PageNumber));
        Assert.Empty(pages[1].Paragraphs);
        Assert.Equal(0, pages[1].Confidence);
    }
}
