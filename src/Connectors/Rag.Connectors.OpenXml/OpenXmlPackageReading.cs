// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DocumentFormat.OpenXml.Packaging;

namespace Rag.Connectors.OpenXml;

/// <summary>
/// What the Word, Excel and PowerPoint readers share: the package is buffered (Open XML needs a seekable stream), opened
/// with <see cref="Settings"/>, and what DocumentFormat.OpenXml throws for an unreadable package becomes an
/// <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal static class OpenXmlPackageReading
{
    /// <summary>
    /// The most characters one package part may inflate to. Open XML parts are compressed in the zip: without a limit, a
    /// small hostile file (a "zip bomb") inflates to gigabytes of XML while being loaded.
    /// </summary>
    internal const long MaxCharactersInPart = 64L * 1024 * 1024;

    /// <summary>Gets the settings every package is opened with: <see cref="MaxCharactersInPart"/> per part.</summary>
    public static OpenSettings Settings { get; } = new() { MaxCharactersInPart = MaxCharactersInPart };

    /// <summary>Buffers <paramref name="content"/> and runs <paramref name="read"/> on it, translating package, zip-bomb and XML failures into a clear error.</summary>
    /// <param name="content">The file's content.</param>
    /// <param name="fileName">The file's name, for the message.</param>
    /// <param name="kind">What the file should be, for example "Excel workbook (.xlsx)".</param>
    /// <param name="read">The read itself, over the buffered content.</param>
    /// <param name="cancellationToken">Cancels the copy; <paramref name="read"/> takes its own.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    public static async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, string kind, Func<Stream, ExtractedDocument> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new MemoryStream();
        await using (buffer.ConfigureAwait(false))
        {
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            return Translate(fileName, kind, () => read(buffer));
        }
    }

    private static ExtractedDocument Translate(string fileName, string kind, Func<ExtractedDocument> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ExceedsPartLimit(ex))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{fileName}' has a part that inflates past {MaxCharactersInPart:N0} characters (a zip bomb or a damaged file)."), ex);
        }
        catch (Exception ex) when (ex is not InvalidDataException and not OperationCanceledException)
        {
            throw new InvalidDataException($"'{fileName}' is not a readable {kind} (not an Open XML package, corrupt, or password-protected): {ex.Message}", ex);
        }
    }

    private static bool ExceedsPartLimit(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is System.Xml.XmlException && ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
