// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using Rag.Ingestion;

namespace Rag.Tests.Ingestion;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("*.md", false, "readme.md", true)]
    [InlineData("*.md", false, "docs/readme.md", false)]
    [InlineData("*.md", true, "docs/readme.md", true)]
    [InlineData("*.MD", true, "docs/ReadMe.md", true)]
    [InlineData("docs/**", false, "docs", true)]
    [InlineData("docs/**", false, "docs/a/b.txt", true)]
    [InlineData("docs/**", false, "docsx/a.txt", false)]
    [InlineData("**/bin/**", false, "bin/x.dll", true)]
    [InlineData("**/bin/**", false, "src/bin/x.dll", true)]
    [InlineData("**/bin/**", false, "src/binary/x.dll", false)]
    [InlineData("a/**/b.txt", false, "a/b.txt", true)]
    [InlineData("a/**/b.txt", false, "a/x/y/b.txt", true)]
    [InlineData("file?.txt", false, "file1.txt", true)]
    [InlineData("file?.txt", false, "file/.txt", false)]
    [InlineData("[a-c]*.txt", false, "B-side.txt", true)]
    [InlineData("[a-c]*.txt", false, "d.txt", false)]
    [InlineData("[!a-c]*.txt", false, "d.txt", true)]
    [InlineData("[!a-c]*.txt", false, "a.txt", false)]
    [InlineData("a[/]b", false, "a/b", false)]
    [InlineData("[]x", false, "[]x", true)]
    [InlineData("**", false, "any/depth/at/all", true)]
    public void IsMatch_GlobSyntax_MatchesLikeGitignore(string glob, bool floating, string path, bool expected) =>
        Assert.Equal(expected, GlobPattern.Create(glob, floating).IsMatch(path));

    [Theory]
    [InlineData("[z-a].md")]
    [InlineData("[!]")]
    [InlineData("[^]")]
    public void Create_InvalidClass_ThrowsFormatException(string glob) =>
        Assert.Throws<FormatException>(() => GlobPattern.Create(glob, floating: true));

    [Fact]
    public void IsMatch_PathologicalPatternOnALongPath_CostsAboutTheSameAsASimplePattern()
    {
        // A backtracking matcher takes exponential time on many stars against a long run that almost matches; an
        // automaton takes path length × pattern length steps. Bound: 200× a simple pattern's time (linear: ~30×).
        GlobPattern pathological = GlobPattern.Create(string.Concat(Enumerable.Repeat("*a", 30)) + "b", floating: false);
        GlobPattern simple = GlobPattern.Create("*b", floating: false);
        string path = new('a', 4000);

        TimeSpan simpleTime = Time(() => Assert.False(simple.IsMatch(path)));
        TimeSpan pathologicalTime = Time(() => Assert.False(pathological.IsMatch(path)));
        TestContext.Current.TestOutputHelper?.WriteLine($"20 matches: pathological {pathologicalTime.TotalMilliseconds:F1} ms, simple {simpleTime.TotalMilliseconds:F1} ms");

        Assert.True(pathologicalTime < simpleTime * 200 + TimeSpan.FromMilliseconds(50), $"pathological {pathologicalTime.TotalMilliseconds:F1} ms, simple {simpleTime.TotalMilliseconds:F1} ms");
    }

    private static TimeSpan Time(Action action)
    {
        action();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 20; i++)
        {
            action();
        }

        return clock.Elapsed;
    }
}
