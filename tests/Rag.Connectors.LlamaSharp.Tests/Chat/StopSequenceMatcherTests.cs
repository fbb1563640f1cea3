// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void Append_StopSplitAcrossChunks_HoldsBackThenStops()
    {
        var matcher = new StopSequenceMatcher(["\nUser:"]);

        string a = matcher.Append("Hello there\nUs", out bool stoppedA);
        string b = matcher.Append("er: more", out bool stoppedB);

        Assert.Equal("Hello there", a);
        Assert.False(stoppedA);
        Assert.Equal(string.Empty, b);
        Assert.True(stoppedB);
    }

    [Fact]
    public void Append_PartialMatchThatDiverges_ReleasesHeldText()
    {
        var matcher = new StopSequenceMatcher(["END"]);

        string a = matcher.Append("the EN", out _);
        string b = matcher.Append("JOY", out bool stopped);

        Assert.Equal("the ", a);
        Assert.Equal("ENJOY", b);
        Assert.False(stopped);
    }

    [Fact]
    public void Flush_NoStop_ReturnsHeldText()
    {
        var matcher = new StopSequenceMatcher(["STOP"]);

        string a = matcher.Append("all ST", out bool stopped);
        string rest = matcher.Flush();

        Assert.False(stopped);
        Assert.Equal("all ST", a + rest);
        Assert.Equal("all ", a);
    }

    [Fact]
    public void Append_NoStops_PassesThrough()
    {
        var matcher = new StopSequenceMatcher(null);

        Assert.Equal("abc", matcher.Append("abc", out bool stopped));
        Assert.False(stopped);
    }

    [Fact]
    public void Append_EarliestOfSeveralStops_Wins()
    {
        var matcher = new StopSequenceMatcher(["zz", "b"]);

        Assert.Equal("a", matcher.Append("abzz", out bool stopped));
        Assert.True(stopped);
    }
}
