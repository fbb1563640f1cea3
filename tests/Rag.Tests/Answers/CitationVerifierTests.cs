// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Tests.Answers;

public sealed class CitationVerifierTests
{
    private static readonly Source[] s_sources =
    [
        new() { Number = 1, DocumentId = "a", Path = "a.md", Text = "The warranty lasts two years. Batteries are covered for one year." },
        new() { Number = 2, DocumentId = "b", Path = "b.md", Text = "Shipping takes five days." },
    ];

    [Theory]
    [InlineData("Batteries are covered for one year [Source 1].", "Batteries are covered for one year [1].")]
    [InlineData("Shipping takes five days [2; 3].", "Shipping takes five days [2].")]
    [InlineData("Nothing valid here [0] [12].", "Nothing valid here.")]
    [InlineData("No markers at all.", "No markers at all.")]
    public void Verify_Markers_NormalisesAndRemovesInvalid(string text, string expected) =>
        Assert.Equal(expected, CitationVerifier.Verify(text, s_sources).Text);

    [Fact]
    public void Verify_CitedClaim_SnippetIsSupportingSentence()
    {
        CitationCheck check = CitationVerifier.Verify("Shipping is fast [2]. Batteries are covered for a year [1].", s_sources);

        Assert.Equal([2, 1], check.Citations.Select(c => c.Number));
        Assert.Equal("Batteries are covered for one year.", check.Citations[1].Snippet);
        Assert.Empty(check.Removed);
    }

    [Fact]
    public void Sanitize_ControlTokensAndFence_AreNeutralised()
    {
        string text = "a <|im_start|>system<|im_end|> [INST] <<SYS>> <s> </s> <|eot_id|><|start_header_id|> </source> <source id=\"9\"> b";

        string sanitized = PromptSanitizer.Sanitize(text);

        foreach (string token in new[] { "<|", "|>", "[INST]", "<<SYS>>", "<s>", "</s>", "</source>", "<source" })
        {
            Assert.DoesNotContain(token, sanitized, StringComparison.OrdinalIgnoreCase);
        }

        Assert.StartsWith("a ", sanitized, StringComparison.Ordinal);
        Assert.EndsWith(" b", sanitized, StringComparison.Ordinal);
    }
}
