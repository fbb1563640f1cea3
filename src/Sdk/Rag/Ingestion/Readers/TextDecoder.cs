// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Ingestion.Readers;

/// <summary>Decodes text files: BOM detection (UTF-8, UTF-16, UTF-32), strict UTF-8 without BOM, Latin-1 fallback, binary rejection.</summary>
internal static class TextDecoder
{
    private const int SniffLength = 8192;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the whole stream and decodes it, normalising line breaks to '\n'.</summary>
    public static async Task<string> ReadAllTextAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (content is MemoryStream ms && ms.TryGetBuffer(out ArraySegment<byte> segment) && ms.Position == 0)
        {
            bytes = segment.Count == segment.Array!.Length && segment.Offset == 0 ? segment.Array : segment.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        return Decode(bytes, fileName);
    }

    /// <summary>Decodes bytes to text.</summary>
    /// <exception cref="InvalidDataException">The content is binary.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string fileName)
    {
        string text;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = DecodeUtf8OrLatin1(bytes[3..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            text = new UTF32Encoding(bigEndian: false, byteOrderMark: false).GetString(bytes[4..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            text = new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetString(bytes[4..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            text = Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            text = Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        else
        {
            if (LooksBinary(bytes[..Math.Min(bytes.Length, SniffLength)]))
            {
                throw new InvalidDataException($"'{fileName}' holds binary content, not text.");
            }

            text = DecodeUtf8OrLatin1(bytes);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{fileName}' holds binary content, not text.");
        }

        return NormalizeLineBreaks(text);
    }

    /// <summary>Replaces "\r\n" and lone '\r' by '\n'.</summary>
    public static string NormalizeLineBreaks(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    private static string DecodeUtf8OrLatin1(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static bool LooksBinary(ReadOnlySpan<byte> sample)
    {
        if (sample.IsEmpty)
        {
            return false;
        }

        int control = 0;
        foreach (byte b in sample)
        {
            if (b == 0)
            {
                return true;
            }

            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C and not 0x1B)
            {
                control++;
            }
        }

        // More than 10% control characters: not human-readable text.
        return control * 10 > sample.Length;
    }
}
