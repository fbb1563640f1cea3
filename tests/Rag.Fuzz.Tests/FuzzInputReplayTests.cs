// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.Fuzz.Tests;

/// <summary>
/// Every seed of the fuzz corpus and every input a fuzzing campaign found (crash or hang, kept under
/// <c>tests/Rag.Fuzz/regressions/&lt;target&gt;</c>) goes through its fuzz target, exactly as under AFL++: the reader must
/// read it or refuse it with <see cref="InvalidDataException"/> within 10 s, and its
/// chunks must keep the chunker's invariants.
/// </summary>
public class FuzzInputReplayTests
{
    private static readonly TimeSpan s_fileLimit = TimeSpan.FromSeconds(10);

    private static string FuzzDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Rag.Fuzz");

    public static TheoryData<string, string> Seeds() => Inputs("corpus");

    public static TheoryData<string, string> Regressions() => Inputs("regressions");

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Seed_IsReadAndChunkedWithinTheFileLimit(string target, string file)
    {
        // The seeds are well-formed files: a reader that starts refusing one has regressed (and the fuzzer would start shallow).
        FuzzOutcome outcome = Replay(target, file);

        Assert.Equal(FuzzOutcome.Read, outcome);
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Regression_IsReadOrRefusedWithinTheFileLimit(string target, string file)
    {
        Exception? finding = Record.Exception(() => Replay(target, file));

        Assert.Null(finding);
    }

    [Fact]
    public void EveryTarget_HasSeedsAndEveryCorpusFolder_IsATarget()
    {
        string[] folders = [.. Directory.EnumerateDirectories(Path.Combine(FuzzDirectory, "corpus")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

        Assert.Equal(FuzzTarget.All.Select(t => t.Name).Order(StringComparer.Ordinal), folders);
        Assert.All(folders, f => Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(FuzzDirectory, "corpus", f))));
    }

    [Fact]
    public void ChunkInvariants_BlankMisplacedOrMissingChunk_IsAFinding()
    {
        // The oracle itself must be able to fail, or a clean fuzzing run means nothing.
        var document = new ExtractedDocument { Blocks = [new DocumentBlock { Text = "Alpha beta." }, new DocumentBlock { Text = "\t" }] };
        string text = DocumentChunker.GetExtractedText(document);
        DocumentChunk Chunk(int start, int end, string? chunkText = null) => new()
        {
            DocumentId = "d",
            Index = 0,
            Path = "d.txt",
            Text = chunkText ?? text[start..end],
            StartOffset = start,
            EndOffset = end,
            ContentHash = DocumentChunker.ComputeHash(chunkText ?? text[start..end]),
        };

        ChunkInvariants.Check(document, [Chunk(0, 11)]);
        Assert.Throws<FuzzFindingException>(() => ChunkInvariants.Check(document, [Chunk(11, 14)]));
        Assert.Throws<FuzzFindingException>(() => ChunkInvariants.Check(document, [Chunk(1, 6, "Alpha")]));
        Assert.Throws<FuzzFindingException>(() => ChunkInvariants.Check(document, []));
    }

    private static FuzzOutcome Replay(string target, string file)
    {
        FuzzTarget fuzzTarget = FuzzTarget.Find(target) ?? throw new InvalidOperationException($"No fuzz target '{target}'.");
        byte[] input = File.ReadAllBytes(Path.Combine(FuzzDirectory, file));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(s_fileLimit);
        return fuzzTarget.Run(input, limit.Token);
    }

    private static TheoryData<string, string> Inputs(string kind)
    {
        var data = new TheoryData<string, string>();
        string root = Path.Combine(FuzzDirectory, kind);
        IEnumerable<string> folders = Directory.Exists(root) ? Directory.EnumerateDirectories(root) : [];
        foreach (string folder in folders.Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(folder), Path.GetRelativePath(FuzzDirectory, file).Replace('\\', '/'));
            }
        }

        return data;
    }
}
