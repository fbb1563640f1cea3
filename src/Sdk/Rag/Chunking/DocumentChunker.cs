// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Rag;

/// <summary>
/// Splits an <see cref="ExtractedDocument"/> into <see cref="DocumentChunk"/>s sized in the embedding model's own tokens,
/// following the document's structure: sections, then blocks (paragraphs, rows, list items), then sentences (lines for code),
/// then words. A word is split only when it alone exceeds the budget.
/// </summary>
/// <remarks>
/// <para>Chunk offsets refer to the document's extracted text, <see cref="GetExtractedText"/>: its blocks joined by a blank line.
/// Each chunk's <see cref="DocumentChunk.Text"/> is exactly that text between <see cref="DocumentChunk.StartOffset"/> and
/// <see cref="DocumentChunk.EndOffset"/>.</para>
/// <para>Each piece of text is counted once and counts are added up, so chunking costs about one tokenization of the document.
/// Sums of piece counts can differ slightly from the count of the joined text; the embedding model truncates the rare excess.</para>
/// <para>This type is thread-safe when its <see cref="ITokenCounter"/> is.</para>
/// </remarks>
public sealed class DocumentChunker
{
    /// <summary>The separator between blocks in the extracted text.</summary>
    public const string BlockSeparator = "\n\n";

    private const int SpecialTokens = 2;
    private const int CharsPerTokenCeiling = 12;

    private readonly ITokenCounter _tokenCounter;
    private readonly int _budget;
    private readonly int _overlap;

    /// <summary>Initializes a new instance of the <see cref="DocumentChunker"/> class.</summary>
    /// <param name="tokenCounter">The embedding model's token counter (from <c>generator.GetService&lt;ITokenCounter&gt;()</c>).</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tokenCounter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="ChunkingOptions.Validate"/>).</exception>
    public DocumentChunker(ITokenCounter tokenCounter, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenCounter);
        options ??= new ChunkingOptions();
        options.Validate();
        _tokenCounter = tokenCounter;
        int modelLimit = tokenCounter.MaxTokens > SpecialTokens + 8 ? tokenCounter.MaxTokens - SpecialTokens : int.MaxValue;
        _budget = Math.Min(options.MaxTokens, modelLimit);
        _overlap = (int)(_budget * options.OverlapRatio);
    }

    /// <summary>Gets the token budget of one chunk.</summary>
    public int MaxTokens => _budget;

    /// <summary>Gets the text that chunk offsets refer to: the blocks' text joined by <see cref="BlockSeparator"/>.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The extracted text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is <see langword="null"/>.</exception>
    public static string GetExtractedText(ExtractedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return string.Join(BlockSeparator, document.Blocks.Select(b => b.Text));
    }

    /// <summary>Computes the SHA-256 (lower-case hex) of a text's UTF-8 bytes, as stored in <see cref="DocumentChunk.ContentHash"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash.</returns>
    public static string ComputeHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Splits a document into chunks (without embeddings).</summary>
    /// <param name="document">The extracted document.</param>
    /// <param name="documentId">The document identifier.</param>
    /// <param name="path">The document path relative to the ingested folder, with '/' separators.</param>
    /// <param name="tags">The document's tags.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The chunks in document order.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    public IReadOnlyList<DocumentChunk> Chunk(ExtractedDocument document, string documentId, string path, IReadOnlyList<string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(path);
        var state = new ChunkBuilder(this, document, documentId, path, tags ?? [], cancellationToken);
        state.Run();
        return state.Chunks;
    }

    private int Count(string text, int start, int end)
    {
        if (end - start > _budget * CharsPerTokenCeiling)
        {
            return int.MaxValue;
        }

        return _tokenCounter.CountTokens(text[start..end]);
    }

    private readonly record struct Unit(int Start, int End, int Tokens, int Block);

    private sealed class ChunkBuilder(DocumentChunker owner, ExtractedDocument document, string documentId, string path, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        private readonly List<Unit> _current = [];
        private readonly int[] _blockOffsets = new int[document.Blocks.Count];
        private readonly string _fileType = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        private readonly LineCursor _startLines = new();
        private readonly LineCursor _endLines = new();
        private string _text = string.Empty;
        private int _currentTokens;

        public List<DocumentChunk> Chunks { get; } = [];

        public void Run()
        {
            _text = GetExtractedText(document);
            int offset = 0;
            for (int i = 0; i < document.Blocks.Count; i++)
            {
                _blockOffsets[i] = offset;
                offset += document.Blocks[i].Text.Length + BlockSeparator.Length;
            }

            IReadOnlyList<string>? section = null;
            int? page = null;
            for (int i = 0; i < document.Blocks.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DocumentBlock block = document.Blocks[i];
                if (string.IsNullOrWhiteSpace(block.Text))
                {
                    // Nothing to find: a blank block would make a blank chunk (and could end a section or page early).
                    continue;
                }

                // A chunk never crosses a heading section or a page, so its citation (heading path, page) is exact.
                if ((section is not null && !section.SequenceEqual(block.HeadingPath, StringComparer.Ordinal)) || (page is not null && page != block.PageNumber))
                {
                    Emit(withOverlap: false);
                }

                section = block.HeadingPath;
                page = block.PageNumber;
                int start = _blockOffsets[i];
                int end = start + block.Text.Length;
                int whole = owner.Count(_text, start, end);
                if (whole <= owner._budget)
                {
                    if (_currentTokens + whole > owner._budget)
                    {
                        Emit(withOverlap: false);
                    }

                    Add(new Unit(start, end, whole, i));
                    continue;
                }

                // A block larger than the budget: start it in a fresh chunk when the current one is already half full.
                if (_currentTokens * 2 >= owner._budget)
                {
                    Emit(withOverlap: false);
                }

                if (block.Kind == DocumentBlockKind.Code)
                {
                    SplitLines(start, end, i);
                }
                else
                {
                    SplitSentences(start, end, i);
                }
            }

            Emit(withOverlap: false);
        }

        private void SplitLines(int start, int end, int block)
        {
            int position = start;
            while (position < end)
            {
                int newline = _text.IndexOf('\n', position, end - position);
                int lineEnd = newline < 0 ? end : newline + 1;
                AddPiece(position, lineEnd, block);
                position = lineEnd;
            }
        }

        private void SplitSentences(int start, int end, int block)
        {
            int sentenceStart = start;
            for (int i = start; i < end; i++)
            {
                char c = _text[i];
                bool boundary = (c is '.' or '!' or '?' or '。' or ';' && i + 1 < end && char.IsWhiteSpace(_text[i + 1]))
                    || (c == '\n' && i + 1 < end && _text[i + 1] == '\n');
                if (boundary)
                {
                    AddPiece(sentenceStart, i + 1, block);
                    sentenceStart = i + 1;
                }
            }

            if (sentenceStart < end)
            {
                AddPiece(sentenceStart, end, block);
            }
        }

        private void AddPiece(int start, int end, int block)
        {
            (start, end) = Trim(start, end);
            if (start >= end)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            int tokens = owner.Count(_text, start, end);
            if (tokens <= owner._budget)
            {
                AddSplit(new Unit(start, end, tokens, block));
                return;
            }

            // Words: runs of non-whitespace.
            int position = start;
            while (position < end)
            {
                while (position < end && char.IsWhiteSpace(_text[position]))
                {
                    position++;
                }

                int wordStart = position;
                while (position < end && !char.IsWhiteSpace(_text[position]))
                {
                    position++;
                }

                if (position > wordStart)
                {
                    AddWord(wordStart, position, block);
                }
            }
        }

        private void AddWord(int start, int end, int block)
        {
            int tokens = owner.Count(_text, start, end);
            if (tokens <= owner._budget)
            {
                AddSplit(new Unit(start, end, tokens, block));
                return;
            }

            // One "word" longer than the whole budget (minified code, base64): the only place a word is cut.
            int position = start;
            while (position < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int length = Math.Min(end - position, owner._budget * 2);
                while (true)
                {
                    int sliceEnd = position + length;
                    if (sliceEnd < end && length > 1 && char.IsHighSurrogate(_text[sliceEnd - 1]))
                    {
                        sliceEnd--;
                    }

                    int sliceTokens = owner._tokenCounter.CountTokens(_text[position..sliceEnd]);
                    if (sliceTokens <= owner._budget || length == 1)
                    {
                        AddSplit(new Unit(position, sliceEnd, sliceTokens, block));
                        position = sliceEnd;
                        break;
                    }

                    length /= 2;
                }
            }
        }

        private void AddSplit(Unit unit)
        {
            if (_current.Count > 0 && _currentTokens + unit.Tokens > owner._budget)
            {
                Emit(withOverlap: true);
                if (_currentTokens + unit.Tokens > owner._budget)
                {
                    _current.Clear();
                    _currentTokens = 0;
                }
            }

            Add(unit);
        }

        private void Add(Unit unit)
        {
            _current.Add(unit);
            _currentTokens += unit.Tokens;
        }

        private (int Start, int End) Trim(int start, int end)
        {
            while (start < end && char.IsWhiteSpace(_text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(_text[end - 1]))
            {
                end--;
            }

            return (start, end);
        }

        private void Emit(bool withOverlap)
        {
            if (_current.Count == 0)
            {
                return;
            }

            Unit first = _current[0];
            Unit last = _current[^1];
            DocumentBlock firstBlock = document.Blocks[first.Block];
            DocumentBlock lastBlock = document.Blocks[last.Block];
            string text = _text[first.Start..last.End];
            Chunks.Add(new DocumentChunk
            {
                DocumentId = documentId,
                Index = Chunks.Count,
                Text = text,
                Path = path,
                Title = document.Title,
                HeadingPath = firstBlock.HeadingPath,
                PageNumber = firstBlock.PageNumber,
                OcrConfidence = firstBlock.OcrConfidence,
                StartLine = LineAt(firstBlock, first.Block, first.Start, isEnd: false),
                EndLine = LineAt(lastBlock, last.Block, last.End - 1, isEnd: true),
                StartOffset = first.Start,
                EndOffset = last.End,
                ContentHash = ComputeHash(text),
                FileType = _fileType,
                Tags = tags,
            });

            int keep = 0;
            int keptTokens = 0;
            if (withOverlap && owner._overlap > 0)
            {
                for (int i = _current.Count - 1; i > 0; i--)
                {
                    if (keptTokens + _current[i].Tokens > owner._overlap)
                    {
                        break;
                    }

                    keptTokens += _current[i].Tokens;
                    keep++;
                }
            }

            _current.RemoveRange(0, _current.Count - keep);
            _currentTokens = keptTokens;
        }

        private int? LineAt(DocumentBlock block, int blockIndex, int offset, bool isEnd)
        {
            if (block.StartLine is not int startLine)
            {
                return isEnd ? block.EndLine : null;
            }

            int blockStart = _blockOffsets[blockIndex];
            if (!isEnd && offset == blockStart)
            {
                return startLine;
            }

            if (isEnd && offset >= blockStart + block.Text.Length - 1)
            {
                return block.EndLine ?? startLine;
            }

            int line = (isEnd ? _endLines : _startLines).LineAt(_text, blockIndex, blockStart, startLine, offset);
            return block.EndLine is int endLine ? Math.Min(line, endLine) : line;
        }
    }

    /// <summary>
    /// Counts line breaks up to a position by continuing from the previous position, so that a block split into many
    /// chunks is scanned once (chunk starts, and chunk ends, only move forward), not once per chunk from the block start.
    /// </summary>
    private sealed class LineCursor
    {
        private int _block = -1;
        private int _offset;
        private int _line;

        public int LineAt(string text, int block, int blockStart, int startLine, int offset)
        {
            if (block != _block || offset < _offset)
            {
                _block = block;
                _offset = blockStart;
                _line = startLine;
            }

            _line += text.AsSpan(_offset, offset - _offset).Count('\n');
            _offset = offset;
            return _line;
        }
    }
}
