// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Text;

namespace Rag.Fuzz;

/// <summary>
/// Wraps fuzzed bytes as the <c>word/document.xml</c> of an otherwise valid .docx, so mutations reach the Word reader's
/// XML walker instead of failing the zip layer's checksum (the <c>docx-xml</c> target).
/// </summary>
internal static class WordPackage
{
    private const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>""";

    private const string PackageRelationships =
        """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""";

    private const string DocumentRelationships =
        """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""";

    private const string Styles =
        """<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Sub"><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>""";

    /// <summary>Builds the package.</summary>
    /// <param name="documentXml">The bytes to store as <c>word/document.xml</c>.</param>
    /// <returns>The .docx bytes.</returns>
    public static byte[] Wrap(ReadOnlySpan<byte> documentXml)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", Encoding.UTF8.GetBytes(ContentTypes));
            Add(zip, "_rels/.rels", Encoding.UTF8.GetBytes(PackageRelationships));
            Add(zip, "word/_rels/document.xml.rels", Encoding.UTF8.GetBytes(DocumentRelationships));
            Add(zip, "word/styles.xml", Encoding.UTF8.GetBytes(Styles));
            Add(zip, "word/document.xml", documentXml);
        }

        return output.ToArray();
    }

    private static void Add(ZipArchive zip, string name, ReadOnlySpan<byte> content)
    {
        using Stream entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        entry.Write(content);
    }
}
