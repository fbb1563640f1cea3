// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;

namespace Rag.Connectors.OpenXml;

/// <summary>Turns what DocumentFormat.OpenXml throws for an unreadable package into <see cref="InvalidDataException"/> naming the file.</summary>
internal static class OpenXmlPackageErrors
{
    /// <summary>Runs <paramref name="read"/>, translating package, zip-bomb and XML failures into a clear error.</summary>
    /// <typeparam name="T">What the read returns.</typeparam>
    /// <param name="fileName">The file's name, for the message.</param>
    /// <param name="kind">What the file should be, for example "Excel workbook (.xlsx)".</param>
    /// <param name="read">The read itself.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    public static T Translate<T>(string fileName, string kind, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ExceedsPartLimit(ex))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{fileName}' has a part that inflates past {WordDocumentReader.MaxCharactersInPart:N0} characters (a zip bomb or a damaged file)."), ex);
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
