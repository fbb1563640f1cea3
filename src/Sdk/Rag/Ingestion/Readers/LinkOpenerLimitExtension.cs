// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Syntax;

namespace Rag.Ingestion.Readers;

/// <summary>
/// Keeps Markdig's inline parsing linear in the size of the input: a paragraph or heading with more than
/// <see cref="MaxOpeners"/> link openers (<c>](</c> or <c>][</c>) is kept as plain text, not parsed for links and emphasis.
/// </summary>
/// <remarks>
/// Markdig scans ahead from each link opener whose link never closes, so <c>[a](</c> repeated 25,000 times (100 KB) took 50 s and
/// 1 MB about an hour. With the limit, one block costs at most <see cref="MaxOpeners"/> scans of itself. Real paragraphs hold a few
/// links; a list of links is one paragraph per item. The check runs when the block parser closes a block, before inline parsing.
/// </remarks>
internal sealed class LinkOpenerLimitExtension : IMarkdownExtension
{
    /// <summary>The most link openers a paragraph or heading may hold and still be parsed as Markdown (256).</summary>
    internal const int MaxOpeners = 256;

    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        foreach (BlockParser parser in pipeline.BlockParsers)
        {
            parser.Closed += OnBlockClosed;
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }

    private static void OnBlockClosed(BlockProcessor processor, Block block)
    {
        if (block is LeafBlock { ProcessInlines: true } leaf && CountOpeners(leaf.Lines) > MaxOpeners)
        {
            leaf.ProcessInlines = false;
        }
    }

    private static int CountOpeners(StringLineGroup lines)
    {
        int count = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            StringSlice slice = lines.Lines[i].Slice;
            ReadOnlySpan<char> line = slice.AsSpan();
            for (int bracket = line.IndexOf(']'); bracket >= 0 && bracket + 1 < line.Length; bracket = NextBracket(line, bracket))
            {
                if (line[bracket + 1] is '(' or '[')
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static int NextBracket(ReadOnlySpan<char> line, int bracket)
    {
        int next = line[(bracket + 1)..].IndexOf(']');
        return next < 0 ? -1 : bracket + 1 + next;
    }
}
