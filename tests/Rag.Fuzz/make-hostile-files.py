#!/usr/bin/env python3
"""Writes the hostile files of the memory measurement (docs/reliability.md) into a folder, one sub-folder per fuzz target:
   make-hostile-files.py <folder>. Sizes stay under IngestionOptions.MaxFileSizeBytes (100 MiB)."""
import os
import sys
import zipfile
import zlib

MIB = 1024 * 1024
out = sys.argv[1]


def write(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    path = os.path.join(out, target, name)
    with open(path, "wb") as f:
        if isinstance(data, (bytes, bytearray)):
            f.write(data)
        else:
            for part in data:
                f.write(part)
    return path


def repeat(unit, total):
    """Yields `unit` repeated to about `total` bytes, in 1 MiB pieces."""
    piece = unit * max(1, MIB // len(unit))
    for _ in range(max(1, total // len(piece))):
        yield piece


# Text-like readers: the largest accepted file (95 MiB) in its worst shape.
write("txt", "one-95mib-word.txt", repeat(b"x", 95 * MIB))
write("txt", "95mib-of-lines.txt", repeat(b"Employees accrue two days of leave each month.\n", 95 * MIB))
write("txt", "95mib-of-blank-lines.txt", repeat(b" \n", 95 * MIB))
write("code", "one-95mib-line.cs", repeat(b"a+", 95 * MIB))
write("csv", "one-row-of-47m-cells.csv", repeat(b"a,", 95 * MIB))
write("csv", "95mib-quoted-field.csv", [b'h\n"'] + list(repeat(b"q", 95 * MIB)))
write("json", "nested-1m-arrays.json", b"[" * MIB + b"]" * MIB)
write("json", "95mib-string.json", [b'"'] + list(repeat(b"s", 95 * MIB)) + [b'"'])
write("jsonl", "1m-lines.jsonl", repeat(b'{"a":[1,2,3]}\n', 14 * MIB))
# Many tiny blocks: each row or paragraph costs objects of its own, far more than its bytes.
write("csv", "20mib-one-char-rows.csv", [b"h\n"] + [b"x\n" * (10 * MIB)])
write("txt", "20mib-one-char-paragraphs.txt", [b"x\n\n" * (7 * MIB)])
write("md", "nested-100k-quotes.md", b">" * 100_000 + b" deep\n")
write("md", "100k-link-openers.md", b"[" * 100_000 + b"x\n")
write("md", "nested-list-4k.md", b"".join(b"  " * i + b"- item\n" for i in range(4_000)))
write("html", "nested-100k-divs.html", b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000)
write("html", "95mib-text.html", [b"<p>"] + list(repeat(b"word ", 95 * MIB)))

# Word: document.xml inflating to 1 GiB (a 1 MiB zip); the reader's part limit is 64 Mi characters.
os.makedirs(os.path.join(out, "docx"), exist_ok=True)
with zipfile.ZipFile(os.path.join(out, "docx", "zip-bomb-1gib.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
        for piece in repeat(b"a", 1024 * MIB):
            f.write(piece)
        f.write(b"</w:t></w:r></w:p></w:body></w:document>")


# PDF: one page whose content stream inflates (FlateDecode) to 1 GiB of text operators.
def pdf(objects):
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def deflate(unit, total):
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(piece) for piece in repeat(unit, total)]
    chunks.append(compressor.flush())
    return b"".join(chunks)


for name, unit, total in [("flate-bomb-1gib-text.pdf", b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n", 1024 * MIB), ("flate-bomb-1gib-spaces.pdf", b" ", 1024 * MIB)]:
    stream = deflate(unit, total)
    write("pdf", name, pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
