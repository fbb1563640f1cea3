// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Ingestion.Readers;

/// <summary>Splits line-oriented text into blank-line separated blocks that remember their 1-based line range.</summary>
internal static class LineBlocks
{
    public static List<DocumentBlock> Split(string text, DocumentBlockKind kind)
    {
        var blocks = new List<DocumentBlock>();
        int lineNumber = 0;
        int blockStartLine = 0;
        int blockStart = -1;
        int blockEnd = 0;
        int position = 0;
        while (position <= text.Length)
        {
            int newline = text.IndexOf('\n', position);
            int lineEnd = newline < 0 ? text.Length : newline;
            lineNumber++;
            bool blank = text.AsSpan(position, lineEnd - position).IsWhiteSpace();
            if (blank)
            {
                Flush();
            }
            else
            {
                if (blockStart < 0)
                {
                    blockStart = position;
                    blockStartLine = lineNumber;
                }

                blockEnd = lineEnd;
            }

            if (newline < 0)
            {
                break;
            }

            position = newline + 1;
        }

        Flush();
        return blocks;

        void Flush()
        {
            if (blockStart < 0)
            {
                return;
            }

            string blockText = text[blockStart..blockEnd];
            int lines = 1 + blockText.AsSpan().Count('\n');
            blocks.Add(new DocumentBlock
            {
                Text = kind == DocumentBlockKind.Code ? blockText.TrimEnd() : blockText.Trim(),
                Kind = kind,
                StartLine = blockStartLine,
                EndLine = blockStartLine + lines - 1,
            });
            blockStart = -1;
        }
    }
}
