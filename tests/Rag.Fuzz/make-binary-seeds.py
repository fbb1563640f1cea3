#!/usr/bin/env python3
"""Writes the PDF and Word seeds of the fuzz corpus (small, hand-built files; run from this folder)."""
import io
import zipfile


def pdf(objects):
    """A PDF whose objects are `objects` (1-based, the first is the catalog), with an exact xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, len(objects), xref))
    return out.getvalue()


def stream(data):
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

one_page = pdf([
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    stream(b"BT /F1 12 Tf 72 720 Td (Leave policy) Tj 0 -20 Td (Employees accrue two days a month.) Tj ET"),
    FONT,
    b"<< /Title (One page) >>",
])

two_pages_outline = pdf([
    b"<< /Type /Catalog /Pages 2 0 R /Outlines 8 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
    stream(b"BT /F1 16 Tf 72 720 Td (Benefits) Tj /F1 11 Tf 0 -24 Td (Health cover starts on day one. Dental is) Tj 0 -14 Td (included for the whole fam-) Tj 0 -14 Td (ily.) Tj ET"),
    stream(b"BT /F1 11 Tf 72 720 Td [(Pen)-20(sion)] TJ 0 -14 Td (Option   Meaning) Tj 0 -14 Td (-v   verbose output) Tj ET 0 0 1 rg 72 600 100 50 re f"),
    FONT,
    b"<< /Type /Outlines /First 9 0 R /Last 9 0 R /Count 1 >>",
    b"<< /Title (Benefits) /Parent 8 0 R /Dest [3 0 R /XYZ 72 720 0] >>",
    b"<< /Title (Two pages) /Author (Rag) >>",
])

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"""
RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""
DOCUMENT_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
STYLES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="Sub"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"""
DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Onboarding</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Welcome to the </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>team</w:t></w:r><w:r><w:tab/><w:t>.</w:t><w:br/></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Sub"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Laptop</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Key</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Value</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr/></w:body></w:document>"""


def docx(document, compression):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", STYLES)
    return out.getvalue()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


write("corpus/pdf/one-page.pdf", one_page)
write("corpus/pdf/two-pages-outline.pdf", two_pages_outline)
write("corpus/docx/stored.docx", docx(DOCUMENT, zipfile.ZIP_STORED))
write("corpus/docx/deflated.docx", docx(DOCUMENT, zipfile.ZIP_DEFLATED))
write("corpus/docx-xml/document.xml", DOCUMENT)
write("corpus/docx-xml/minimal.xml", b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:body></w:document>')
