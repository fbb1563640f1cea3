// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.IO;
using System.Threading;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Rag.Connectors.OpenXml;

/// <summary>
/// Checks the shape of an XML part with a streaming reader before DocumentFormat.OpenXml builds its element tree: the SDK
/// loads nested elements recursively (100,000 nested <c>&lt;w:sdt&gt;</c> overflow the stack and kill the process) and keeps
/// every element as an object (10 million empty paragraphs, 89 KB zipped, grow the process by more than 1 GB).
/// </summary>
/// <remarks>Stateless and thread-safe. The check itself keeps no tree: it uses memory in proportion to the depth only.</remarks>
internal static class XmlPartShapeLimits
{
    /// <summary>
    /// The deepest element nesting a part may have (256 levels). Real documents nest a few dozen levels at most (tables in
    /// tables, content controls, fields); the SDK's recursive loader handles this depth on any thread's stack.
    /// </summary>
    internal const int MaxDepth = 256;

    /// <summary>
    /// The most elements one part may hold (2,000,000, about 300 MB once loaded by the SDK). A 1,000-page manual holds a few
    /// hundred thousand; millions of elements in a small file are a hostile or broken generator's output.
    /// </summary>
    internal const int MaxElements = 2_000_000;

    private const int ElementsPerCancellationCheck = 4096;

    private static readonly XmlReaderSettings s_settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = OpenXmlPackageReading.MaxCharactersInPart,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Reads <paramref name="part"/> once, streaming, and throws when it nests too deep or holds too many elements.</summary>
    /// <param name="part">The part, before anything of it is loaded through the SDK.</param>
    /// <param name="fileName">The file's name, for the error message.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <exception cref="InvalidDataException">The part exceeds <see cref="MaxDepth"/> or <see cref="MaxElements"/>.</exception>
    /// <exception cref="XmlException">The part is not well-formed XML, has a DTD or inflates past <see cref="OpenXmlPackageReading.MaxCharactersInPart"/>.</exception>
    public static void Check(OpenXmlPart part, string fileName, CancellationToken cancellationToken)
    {
        using Stream stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var reader = XmlReader.Create(stream, s_settings);
        int elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth >= MaxDepth)
            {
                throw Refused(fileName, part, string.Create(CultureInfo.InvariantCulture, $"nests XML elements more than {MaxDepth} levels deep"));
            }

            if (++elements > MaxElements)
            {
                throw Refused(fileName, part, string.Create(CultureInfo.InvariantCulture, $"holds more than {MaxElements:N0} XML elements"));
            }

            if (elements % ElementsPerCancellationCheck == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static InvalidDataException Refused(string fileName, OpenXmlPart part, string what) =>
        new($"'{fileName}' was refused: its part {part.Uri} {what} (the reader's limit; a hostile or damaged file).");
}
