// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Rag.TestUtilities;

namespace Rag.Tests.Chunking;

public class DocumentChunkerTests
{
    private static readonly HashingEmbeddingGenerator s_counter = new();

    private static string Words(int count, string prefix = "word") =>
        string.Join(' ', Enumerable.Range(0, count).Select(i => $"{prefix}{i}"));

    private static string Sentences(int count, int wordsEach) =>
        string.Join(' ', Enumerable.Range(0, count).Select(s => string.Join(' ', Enumerable.Range(0, wordsEach).Select(w => $"s{s}w{w}")) + "."));

    [Fact]
    public void Chunk_LongParagraph_StaysWithinBudgetAndKeepsWordsWhole()
    {
        // Arrange
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 20 });
        string text = Sentences(30, 7);
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = text }] };
        HashSet<string> sourceWords = [.. text.Split(' ')];

        // Act
        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "a/doc.txt", cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.True(chunks.Count > 5);
        string extracted = DocumentChunker.GetExtractedText(document);
        foreach (DocumentChunk chunk in chunks)
        {
            Assert.InRange(s_counter.CountTokens(chunk.Text), 1, 20);
            Assert.Equal(extracted[chunk.StartOffset..chunk.EndOffset], chunk.Text);
            Assert.All(chunk.Text.Split(' '), w => Assert.Contains(w, sourceWords));
            Assert.Equal("txt", chunk.FileType);
            Assert.Equal("a/doc.txt", chunk.Path);
        }

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        Assert.Equal(0, chunks[0].StartOffset);
        Assert.Equal(text.Length, chunks[^1].EndOffset);
    }

    [Fact]
    public void Chunk_SplitParagraph_OverlapsAboutFifteenPercentAtSentenceBoundaries()
    {
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 40, OverlapRatio = 0.15 });
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = Sentences(20, 5) }] };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "doc.txt", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(chunks.Count > 2);
        for (int i = 1; i < chunks.Count; i++)
        {
            int overlap = chunks[i - 1].EndOffset - chunks[i].StartOffset;
            Assert.True(overlap > 0, $"chunk {i} does not overlap its predecessor");
            string shared = document.Blocks[0].Text[chunks[i].StartOffset..chunks[i - 1].EndOffset];
            Assert.InRange(s_counter.CountTokens(shared), 1, 6);
            Assert.EndsWith(".", shared, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Chunk_OverlapRatioZero_ChunksDoNotOverlap()
    {
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 40, OverlapRatio = 0 });
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = Sentences(20, 5) }] };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "doc.txt", cancellationToken: TestContext.Current.CancellationToken);

        for (int i = 1; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].StartOffset >= chunks[i - 1].EndOffset);
        }
    }

    [Fact]
    public void Chunk_Sections_NeverShareAChunkAndCarryHeadingPath()
    {
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 200 });
        var document = new ExtractedDocument
        {
            Title = "Guide",
            Blocks =
            [
                new DocumentBlock { Text = "Install", Kind = DocumentBlockKind.Heading, HeadingPath = ["Install"] },
                new DocumentBlock { Text = "Run the installer.", HeadingPath = ["Install"] },
                new DocumentBlock { Text = "Linux", Kind = DocumentBlockKind.Heading, HeadingPath = ["Install", "Linux"] },
                new DocumentBlock { Text = "Use the package.", HeadingPath = ["Install", "Linux"] },
                new DocumentBlock { Text = "Reboot afterwards.", HeadingPath = ["Install", "Linux"] },
            ],
        };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "guide.md", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, chunks.Count);
        Assert.Equal("Install\n\nRun the installer.", chunks[0].Text);
        Assert.Equal(["Install"], chunks[0].HeadingPath);
        Assert.Equal("Linux\n\nUse the package.\n\nReboot afterwards.", chunks[1].Text);
        Assert.Equal(["Install", "Linux"], chunks[1].HeadingPath);
        Assert.All(chunks, c => Assert.Equal("Guide", c.Title));
    }

    [Fact]
    public void Chunk_PageBreak_StartsANewChunkWithThatPage()
    {
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 200 });
        var document = new ExtractedDocument
        {
            Blocks =
            [
                new DocumentBlock { Text = "Pension matching starts after probation.", PageNumber = 1 },
                new DocumentBlock { Text = "The learning budget is 1,500 euros.", PageNumber = 2 },
                new DocumentBlock { Text = "Unused budget does not carry over.", PageNumber = 2 },
            ],
        };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "benefits.pdf", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, chunks.Count);
        Assert.Equal(1, chunks[0].PageNumber);
        Assert.Equal(2, chunks[1].PageNumber);
        Assert.StartsWith("The learning budget", chunks[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_WhitespaceOnlyBlocks_MakeNoChunkAndEndNoPage()
    {
        // Found by fuzzing (tests/Rag.Fuzz/regressions/chunker): a block of only spaces, tabs or vertical tabs became a blank chunk.
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 200 });
        var document = new ExtractedDocument
        {
            Blocks =
            [
                new DocumentBlock { Text = "\t", PageNumber = 1 },
                new DocumentBlock { Text = "Pension matching starts after probation.", PageNumber = 2 },
                new DocumentBlock { Text = " \v\u00a0", PageNumber = 3 },
                new DocumentBlock { Text = "Unused budget does not carry over.", PageNumber = 2 },
            ],
        };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "benefits.pdf", cancellationToken: TestContext.Current.CancellationToken);

        DocumentChunk chunk = Assert.Single(chunks);
        Assert.Equal(2, chunk.PageNumber);
        Assert.StartsWith("Pension matching", chunk.Text, StringComparison.Ordinal);
        Assert.EndsWith("carry over.", chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_CodeBlock_SplitsByLinesWithLineRanges()
    {
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 12, OverlapRatio = 0 });
        string code = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"var x{i} = {i};"));
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = code, Kind = DocumentBlockKind.Code, StartLine = 11, EndLine = 30 }] };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "src/a.cs", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(chunks.Count >= 5);
        Assert.Equal(11, chunks[0].StartLine);
        Assert.Equal(30, chunks[^1].EndLine);
        foreach (DocumentChunk chunk in chunks)
        {
            string[] lines = chunk.Text.Split('\n');
            int first = int.Parse(lines[0].Split(' ')[1][1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(first + 10, chunk.StartLine);
            Assert.Equal(chunk.StartLine + lines.Length - 1, chunk.EndLine);
        }
    }

    [Fact]
    public void Chunk_WordLongerThanBudget_IsCutIntoPiecesWithinBudget()
    {
        var counter = new CharacterTokenCounter();
        var chunker = new DocumentChunker(counter, new ChunkingOptions { MaxTokens = 50 });
        string giant = new('x', 1_000);
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = "before " + giant + " after" }] };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "doc.txt", cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(chunks, c => Assert.True(c.Text.Length <= 50, c.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1_000, chunks.Sum(c => c.Text.Count(ch => ch == 'x')) - OverlapXs(chunks));
    }

    [Fact]
    public void Chunk_LargeDocument_CountsEachPieceAboutOnce()
    {
        var counter = new CharacterTokenCounter();
        var chunker = new DocumentChunker(counter, new ChunkingOptions { MaxTokens = 256 });
        var document = new ExtractedDocument
        {
            Blocks = [.. Enumerable.Range(0, 200).Select(i => new DocumentBlock { Text = Sentences(10, 12) })],
        };
        int length = DocumentChunker.GetExtractedText(document).Length;

        _ = chunker.Chunk(document, "doc", "doc.txt", cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(counter.CharactersCounted, length / 2, length * 2);
    }

    [Fact]
    public void Chunk_HugeBlockWithLineNumbers_TakesTimeLinearInItsSize()
    {
        // A block split into thousands of chunks, each needing its start and end line: quadratic work grows 64-fold from
        // 1 MB to 8 MB, linear work 8-fold. The best of three runs each, and a bound of 24 (3x linear, well under
        // quadratic), keep the test stable on a busy machine (GC and cache effects alone moved 1 to 4 MB to x8.3 there).
        var chunker = new DocumentChunker(new CharacterTokenCounter(), new ChunkingOptions { MaxTokens = 64 });
        static ExtractedDocument Block(int bytes)
        {
            string line = "one line of plain words in a very large text file\n";
            string text = string.Concat(Enumerable.Repeat(line, bytes / line.Length));
            return new ExtractedDocument { Blocks = [new DocumentBlock { Text = text, StartLine = 1, EndLine = (bytes / line.Length) + 1 }] };
        }

        double BestSeconds(ExtractedDocument document) => Enumerable.Range(0, 3).Min(_ =>
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "big.txt", cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(document.Blocks[0].EndLine - 1, chunks[^1].EndLine);
            return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        });

        double small = BestSeconds(Block(1 << 20));
        double large = BestSeconds(Block(8 << 20));

        Assert.True(large < small * 24, $"1 MB: {small:F3} s, 8 MB: {large:F3} s (x{large / small:F1}; linear is about x8, quadratic x64).");
    }

    [Fact]
    public void Chunk_ModelLimitBelowOptions_UsesModelLimit()
    {
        var chunker = new DocumentChunker(new HashingEmbeddingGenerator { MaxTokens = 64 }, new ChunkingOptions { MaxTokens = 256 });

        Assert.Equal(62, chunker.MaxTokens);
    }

    [Fact]
    public void Chunk_EveryChunk_HasSha256OfItsText()
    {
        var chunker = new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = 16 });
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = Sentences(10, 6) }] };

        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "doc", "doc.txt", cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(chunks, c => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Text))), c.ContentHash));
        Assert.Equal(chunks.Count, chunks.Select(c => c.ContentHash).Distinct().Count());
    }

    [Fact]
    public void Chunk_Canceled_Throws()
    {
        var chunker = new DocumentChunker(s_counter);
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = Words(10) }] };

        Assert.Throws<OperationCanceledException>(() => chunker.Chunk(document, "doc", "doc.txt", cancellationToken: new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(2, 0.15, "MaxTokens")]
    [InlineData(40, 0.9, "OverlapRatio")]
    [InlineData(40, -0.1, "OverlapRatio")]
    public void Constructor_OptionOutOfRange_ThrowsNamingIt(int maxTokens, double overlapRatio, string field)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DocumentChunker(s_counter, new ChunkingOptions { MaxTokens = maxTokens, OverlapRatio = overlapRatio }));

        Assert.Equal(field, ex.ParamName);
    }

    private static int OverlapXs(IReadOnlyList<DocumentChunk> chunks)
    {
        int overlap = 0;
        for (int i = 1; i < chunks.Count; i++)
        {
            int shared = chunks[i - 1].EndOffset - chunks[i].StartOffset;
            if (shared > 0)
            {
                overlap += chunks[i].Text[..shared].Count(ch => ch == 'x');
            }
        }

        return overlap;
    }

    private sealed class CharacterTokenCounter : ITokenCounter
    {
        public int MaxTokens => 100_000;

        public long CharactersCounted { get; private set; }

        public int CountTokens(string text)
        {
            CharactersCounted += text.Length;
            return text.Length;
        }
    }
}
