// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Text;

namespace Rag.Reliability;

/// <summary>Crafted hostile files: a DOCX zip bomb, deeply nested HTML, billion-laughs XML in a DOCX, lying PDFs.</summary>
internal static class HostileFiles
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>Writes every crafted case into <paramref name="folder"/>; returns (name, file) pairs.</summary>
    /// <param name="folder">The folder to write into.</param>
    /// <param name="bombBytes">The uncompressed size of the zip bomb's document.xml.</param>
    /// <param name="nesting">The nesting depth of the deep HTML.</param>
    public static IReadOnlyList<(string Name, string Path)> WriteAll(string folder, long bombBytes, int nesting)
    {
        Directory.CreateDirectory(folder);
        var cases = new List<(string, string)>();
        cases.Add(($"DOCX zip bomb ({bombBytes / (1024 * 1024)} MiB document.xml)", WriteZipBomb(Path.Combine(folder, "bomb.docx"), bombBytes)));
        cases.Add(("DOCX billion laughs (DTD entity expansion)", WriteBillionLaughs(Path.Combine(folder, "laughs.docx"))));
        string html = Path.Combine(folder, "nested.html");
        File.WriteAllText(html, NestedHtml(nesting));
        cases.Add(($"HTML {nesting:N0} nested divs", html));
        string pdf = Path.Combine(folder, "pages.pdf");
        File.WriteAllBytes(pdf, Pdf("<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"));
        cases.Add(("PDF claiming 2,000,000,000 pages", pdf));
        string cycle = Path.Combine(folder, "cycle.pdf");
        File.WriteAllBytes(cycle, Pdf("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 5 >>", "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 3 >>"));
        cases.Add(("PDF page tree that contains itself", cycle));
        return cases;
    }

    /// <summary>A DOCX whose document.xml inflates to <paramref name="uncompressedBytes"/> of repeated paragraphs.</summary>
    public static string WriteZipBomb(string path, long uncompressedBytes)
    {
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            WriteBoilerplate(zip);
            ZipArchiveEntry entry = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal);
            using Stream stream = entry.Open();
            byte[] head = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{WordNamespace}\"><w:body>");
            byte[] paragraph = Encoding.UTF8.GetBytes("<w:p><w:r><w:t>" + new string('a', 4000) + "</w:t></w:r></w:p>");
            byte[] tail = Encoding.UTF8.GetBytes("</w:body></w:document>");
            stream.Write(head);
            var block = new byte[paragraph.Length * 256];
            for (int i = 0; i < 256; i++)
            {
                paragraph.CopyTo(block, i * paragraph.Length);
            }

            for (long written = 0; written < uncompressedBytes; written += block.Length)
            {
                stream.Write(block);
            }

            stream.Write(tail);
        }

        return path;
    }

    /// <summary>A DOCX whose document.xml declares nested entities that would expand to about 3 GB.</summary>
    public static string WriteBillionLaughs(string path)
    {
        var dtd = new StringBuilder("<!DOCTYPE w:document [<!ENTITY lol0 \"lollollollollollollollollollol\">");
        for (int i = 1; i < 10; i++)
        {
            dtd.Append("<!ENTITY lol").Append(i).Append(" \"");
            for (int j = 0; j < 10; j++)
            {
                dtd.Append("&lol").Append(i - 1).Append(';');
            }

            dtd.Append("\">");
        }

        dtd.Append("]>");
        string xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>{dtd}<w:document xmlns:w=\"{WordNamespace}\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>";
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        WriteBoilerplate(zip);
        using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open(), new UTF8Encoding(false));
        writer.Write(xml);
        return path;
    }

    /// <summary>HTML with <paramref name="depth"/> nested divs around a sentence.</summary>
    public static string NestedHtml(int depth)
    {
        var html = new StringBuilder("<html><head><title>Deep</title></head><body>", (depth * 11) + 200);
        for (int i = 0; i < depth; i++)
        {
            html.Append("<div>");
        }

        html.Append("<p>The deep sentence about parking.</p>");
        for (int i = 0; i < depth; i++)
        {
            html.Append("</div>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>A minimal PDF with a catalog (1), the given pages object (2) and object 3, with a correct xref table.</summary>
    public static byte[] Pdf(string pages, string third)
    {
        string[] objects = ["<< /Type /Catalog /Pages 2 0 R >>", pages, third];
        var body = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(body.ToString()));
            body.Append(i + 1).Append(" 0 obj\n").Append(objects[i]).Append("\nendobj\n");
        }

        int xref = Encoding.ASCII.GetByteCount(body.ToString());
        body.Append("xref\n0 ").Append(objects.Length + 1).Append("\n0000000000 65535 f \n");
        foreach (int offset in offsets)
        {
            body.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        body.Append("trailer\n<< /Size ").Append(objects.Length + 1).Append(" /Root 1 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    private static void WriteBoilerplate(ZipArchive zip)
    {
        Write(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
        Write(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");

        static void Write(ZipArchive zip, string name, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
    }
}
