// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Ingestion.Readers;

/// <summary>
/// Decodes text files: BOM detection (UTF-8, UTF-16, UTF-32), UTF-16 without BOM, UTF-8 (a few invalid bytes are replaced
/// and reported), Windows-1252 (Latin-1) when the file is not UTF-8 at all, binary rejection.
/// </summary>
internal static class TextDecoder
{
    /// <summary>How many leading bytes the binary and encoding checks examine.</summary>
    public const int SniffLength = 8192;

    private static readonly UTF8Encoding s_replacingUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Gets Windows-1252: Latin-1 with printable characters (€, curly quotes, dashes) where Latin-1 has C1 controls.</summary>
    private static readonly Encoding s_windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>Reads the whole stream and decodes it, normalising line breaks to '\n'.</summary>
    public static async Task<DecodedText> ReadAllTextAsync(Stream content, string fileName, CancellationToken cancellationToken)
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
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string fileName)
    {
        string text;
        string? warning = null;
        if (ByteOrderMark(bytes) is ({ } encoding, int length))
        {
            text = encoding is UTF8Encoding ? DecodeUtf8OrLegacy(bytes[length..], fileName, out warning) : encoding.GetString(bytes[length..]);
        }
        else if (Utf16WithoutBom(bytes[..Math.Min(bytes.Length, SniffLength)]) is { } utf16)
        {
            text = utf16.GetString(bytes);
            if (LooksBinary(text.AsSpan(0, Math.Min(text.Length, SniffLength / 2))))
            {
                throw BinaryContent(fileName);
            }
        }
        else
        {
            if (LooksBinary(bytes[..Math.Min(bytes.Length, SniffLength)]))
            {
                throw BinaryContent(fileName);
            }

            text = DecodeUtf8OrLegacy(bytes, fileName, out warning);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw BinaryContent(fileName);
        }

        return new DecodedText(NormalizeLineBreaks(text), warning);
    }

    /// <summary>
    /// Gets whether the first bytes of a file read as text the way <see cref="Decode"/> would read them: a byte order mark,
    /// or UTF-16, UTF-8 or Windows-1252 without NULs and with few control characters. An empty sample is not text.
    /// </summary>
    /// <param name="head">The file's first bytes (up to <see cref="SniffLength"/> are examined); a character cut at its end does not count.</param>
    public static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> sample = head[..Math.Min(head.Length, SniffLength)];
        if (sample.IsEmpty)
        {
            return false;
        }

        if (ByteOrderMark(sample).Encoding is not null)
        {
            return true;
        }

        if (Utf16WithoutBom(sample) is { } utf16)
        {
            string text = utf16.GetString(sample[..(sample.Length & ~1)]);
            return !LooksBinary(text.AsSpan());
        }

        if (LooksBinary(sample))
        {
            return false;
        }

        // Not UTF-8 (a character cut by the sample's end aside): Windows-1252 text has a minority of high bytes, binary data about half.
        (int invalidBytes, int multiByteCharacters) = CountUtf8(sample.Length == head.Length ? sample : sample[..^Math.Min(3, sample.Length)]);
        return invalidBytes <= multiByteCharacters || CountHighBytes(sample) * 10 <= sample.Length * 3;
    }

    /// <summary>The encoding a byte order mark at the start of <paramref name="bytes"/> names (UTF-32 before UTF-16, whose mark it begins with), and the mark's length.</summary>
    private static (Encoding? Encoding, int Length) ByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? (Encoding.UTF8, 3)
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) ? (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4)
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]) ? (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4)
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? (Encoding.Unicode, 2)
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? (Encoding.BigEndianUnicode, 2)
        : (null, 0);

    private static int CountHighBytes(ReadOnlySpan<byte> sample)
    {
        int count = 0;
        foreach (byte b in sample)
        {
            count += b >= 0x80 ? 1 : 0;
        }

        return count;
    }

    private static InvalidDataException BinaryContent(string fileName) => new($"'{fileName}' holds binary content, not text.");

    /// <summary>Replaces "\r\n" and lone '\r' by '\n'.</summary>
    public static string NormalizeLineBreaks(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    /// <summary>
    /// Decodes UTF-8, replacing invalid bytes by U+FFFD (with a warning that counts them) as long as the valid multi-byte
    /// characters outnumber them; a file with more invalid bytes than that is a legacy single-byte file (Windows-1252).
    /// </summary>
    private static string DecodeUtf8OrLegacy(ReadOnlySpan<byte> bytes, string fileName, out string? warning)
    {
        warning = null;
        (int invalidBytes, int multiByteCharacters) = CountUtf8(bytes);
        if (invalidBytes == 0)
        {
            return s_replacingUtf8.GetString(bytes);
        }

        if (multiByteCharacters < invalidBytes)
        {
            return s_windows1252.GetString(bytes);
        }

        warning = string.Create(CultureInfo.InvariantCulture, $"'{fileName}' is UTF-8 but for {invalidBytes} invalid byte{(invalidBytes == 1 ? string.Empty : "s")}, replaced by U+FFFD.");
        return s_replacingUtf8.GetString(bytes);
    }

    private static (int InvalidBytes, int MultiByteCharacters) CountUtf8(ReadOnlySpan<byte> bytes)
    {
        int invalid = 0;
        int multiByte = 0;
        while (!bytes.IsEmpty)
        {
            int ascii = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0)
            {
                break;
            }

            bytes = bytes[ascii..];
            if (Rune.DecodeFromUtf8(bytes, out _, out int consumed) == OperationStatus.Done)
            {
                multiByte++;
            }
            else
            {
                invalid += consumed;
            }

            bytes = bytes[consumed..];
        }

        return (invalid, multiByte);
    }

    /// <summary>
    /// Recognises UTF-16 without a byte order mark by its zero bytes: text in Latin script has a zero high byte in most
    /// characters, so one byte parity is mostly zero and the other almost never.
    /// </summary>
    private static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> sample)
    {
        int pairs = sample.Length / 2;
        if (pairs < 2)
        {
            return null;
        }

        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i + 1 < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        // At least 30% zeros on one side, at most 5% on the other.
        if (oddZeros * 10 >= pairs * 3 && evenZeros * 20 <= pairs)
        {
            return Encoding.Unicode;
        }

        return evenZeros * 10 >= pairs * 3 && oddZeros * 20 <= pairs ? Encoding.BigEndianUnicode : null;
    }

    /// <summary>Gets whether a sample of bytes (or of UTF-16 characters) holds a NUL or more than 10% control characters.</summary>
    private static bool LooksBinary<T>(ReadOnlySpan<T> sample)
        where T : IBinaryInteger<T>
    {
        if (sample.IsEmpty)
        {
            return false;
        }

        int control = 0;
        foreach (T unit in sample)
        {
            int c = int.CreateTruncating(unit);
            if (c == 0)
            {
                return true;
            }

            if (c < 0x20 && c is not '\t' and not '\n' and not '\r' and not 0x0C and not 0x1B)
            {
                control++;
            }
        }

        // More than 10% control characters: not human-readable text.
        return control * 10 > sample.Length;
    }
}
