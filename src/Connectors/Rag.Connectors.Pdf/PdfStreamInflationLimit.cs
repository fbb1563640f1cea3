// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Threading;

namespace Rag.Connectors.Pdf;

/// <summary>
/// Refuses a PDF with a zlib (FlateDecode) stream that inflates past <see cref="MaxInflatedBytesPerStream"/>, before PdfPig
/// decodes it whole: a 1 MB page content stream can inflate to a gigabyte (a "decompression bomb"), which PdfPig holds in
/// memory and tokenizes, taking the process past 2.5 GB.
/// </summary>
internal static class PdfStreamInflationLimit
{
    /// <summary>The most bytes one stream may inflate to (256 MiB: a page of text is kilobytes, a 9,000 x 9,000 RGB image ~243 MiB).</summary>
    internal const long MaxInflatedBytesPerStream = 256L * 1024 * 1024;

    /// <summary>Inflates every stream that holds zlib data into nothing, counting its bytes.</summary>
    /// <param name="pdf">The file's bytes.</param>
    /// <param name="fileName">The file name, for the message.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <exception cref="InvalidDataException">A stream inflates past the limit.</exception>
    public static void Check(byte[] pdf, string fileName, CancellationToken cancellationToken)
    {
        byte[] sink = new byte[81_920];
        int position = 0;
        while (position < pdf.Length)
        {
            int keyword = pdf.AsSpan(position).IndexOf("stream"u8);
            if (keyword < 0)
            {
                return;
            }

            int match = position + keyword;
            int start = match + "stream"u8.Length;
            position = start;
            if (match >= 3 && pdf.AsSpan(match - 3, 3).SequenceEqual("end"u8))
            {
                continue;
            }

            start += start < pdf.Length && pdf[start] == '\r' ? 1 : 0;
            start += start < pdf.Length && pdf[start] == '\n' ? 1 : 0;
            int end = pdf.AsSpan(start).IndexOf("endstream"u8);
            int length = end < 0 ? pdf.Length - start : end;
            if (InflatedLength(pdf, start, length, sink, cancellationToken) > MaxInflatedBytesPerStream)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{fileName}' has a stream (at byte {start:N0}) that inflates past {MaxInflatedBytesPerStream:N0} bytes (a decompression bomb or a damaged file)."));
            }

            position = start + length;
        }
    }

    /// <summary>The inflated length of a zlib stream, read up to one byte past the limit; 0 when the bytes are not zlib data.</summary>
    private static long InflatedLength(byte[] pdf, int start, int length, byte[] sink, CancellationToken cancellationToken)
    {
        if (length < 2 || (pdf[start] & 0x0F) != 8)
        {
            return 0;
        }

        long total = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(pdf, start, length, writable: false), CompressionMode.Decompress);
            int read;
            while (total <= MaxInflatedBytesPerStream && (read = zlib.Read(sink)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Not zlib data, or damaged: PdfPig decides what to make of it; what inflated before the damage still counts.
        }

        return total;
    }
}
