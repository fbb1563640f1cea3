#!/usr/bin/env python3
"""Time and peak memory of every reader (and the chunker after it) on realistic generated files of growing size.

    python3 tests/Rag.Fuzz/measure-linearity.py <Rag.Fuzz.dll> <work-folder> [sizes in MiB, default 1,4,16,64] [targets]

Each file runs alone in a fresh `Rag.Fuzz replay <target> <file>` process (uninstrumented build; the reader, then the chunker,
with the ingestor's default 2-minute per-file limit) under /usr/bin/time, killed at 150 s. Prints a Markdown table with the
seconds and peak RSS per size and, per target, the time ratio of the largest size to the smallest against their size ratio
(linear: about equal; the process start, ~0.3 s, makes small files look slower).
"""
import os
import subprocess
import sys
import zipfile

WORDS = ("policy staff leave request manager approve annual days carry over payroll benefit health plan office remote "
         "security badge access laptop travel expense receipt report quarter budget review training onboarding").split()


def sentence(i, n=14):
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)) + f" {i}."


def repeat_to(size, make):
    parts, total, i = [], 0, 0
    while total < size:
        part = make(i)
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


def txt(size):
    return repeat_to(size, lambda i: (sentence(i) + " " + sentence(i + 1) + "\n") + ("\n" if i % 4 == 3 else ""))


def md(size):
    return repeat_to(size, lambda i: (f"## Section {i}\n\n" if i % 20 == 0 else "")
                     + f"{sentence(i)} See [the guide](https://example.com/{i}) and *note* `code {i}`.\n\n"
                     + (f"- item {i}\n- item {i + 1}\n\n" if i % 5 == 0 else "")
                     + ("| a | b |\n| - | - |\n| 1 | 2 |\n\n" if i % 30 == 0 else ""))


def html(size):
    body = repeat_to(size, lambda i: (f"<h2>Section {i}</h2>\n" if i % 20 == 0 else "")
                     + f"<p>{sentence(i)} <a href=\"/x/{i}\">link</a> <b>bold</b></p>\n"
                     + (f"<ul><li>item {i}</li><li>item {i + 1}</li></ul>\n" if i % 5 == 0 else ""))
    return f"<html><head><title>Big</title></head><body>\n{body}</body></html>\n"


def csv(size):
    return "id,name,department,notes\n" + repeat_to(size, lambda i: f"{i},Person {i},Dept {i % 40},\"{sentence(i, 8)}\"\n")


def json_(size):
    items = repeat_to(size, lambda i: ("," if i else "") + f'{{"id": {i}, "name": "item {i}", "tags": ["a", "b"], "text": "{sentence(i, 10)}"}}\n')
    return '{"items": [\n' + items + "]}\n"


def jsonl(size):
    return repeat_to(size, lambda i: f'{{"id": {i}, "text": "{sentence(i, 10)}"}}\n')


def code(size):
    return repeat_to(size, lambda i: f"    /// <summary>{sentence(i, 6)}</summary>\n    public int Method{i}(int x)\n    {{\n        return x + {i};\n    }}\n\n")


def pdf_bytes(size):
    # One page per ~40 lines of text in a plain content stream (Helvetica), built by hand.
    pages, total, i = [], 0, 0
    while total < size:
        lines = [f"({sentence(i + k, 9)}) Tj T*" for k in range(40)]
        stream = ("BT /F1 10 Tf 12 TL 40 800 Td " + " ".join(lines) + " ET").encode()
        pages.append(stream)
        total += len(stream) + 120
        i += 40
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for stream in pages:
        page_no = len(objects) + 1
        kids.append(f"{page_no} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {page_no + 1} 0 R >>")
        objects.append(stream)
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        if isinstance(obj, bytes):
            out += f"{number} 0 obj\n<< /Length {len(obj)} >>\nstream\n".encode() + obj + b"\nendstream\nendobj\n"
        else:
            out += f"{number} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_bytes(size):
    # Stored (not deflated) so that the file's size is about its document.xml's.
    paragraphs = repeat_to(size, lambda i: (f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Section {i}</w:t></w:r></w:p>' if i % 20 == 0 else "")
                           + f"<w:p><w:r><w:t>{sentence(i)}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t> bold {i}</w:t></w:r></w:p>")
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + paragraphs + "</w:body></w:document>")
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


TARGETS = {
    "txt": (".txt", txt), "md": (".md", md), "html": (".html", html), "csv": (".csv", csv), "json": (".json", json_),
    "jsonl": (".jsonl", jsonl), "code": (".cs", code), "pdf": (".pdf", pdf_bytes), "docx": (".docx", docx_bytes),
}


def run(dll, target, path):
    timing = path + ".time"
    cmd = ["/usr/bin/time", "-f", "%e %M", "-o", timing, "timeout", "150", "dotnet", dll, "replay", target, path]
    result = subprocess.run(cmd, capture_output=True, text=True)
    outcome = (result.stdout.split() or ["killed"])[0]
    seconds, rss = open(timing).read().strip().splitlines()[-1].split()
    return outcome, float(seconds), int(rss) // 1024


def main():
    dll, work = sys.argv[1], sys.argv[2]
    sizes = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else "1,4,16,64").split(",")]
    targets = sys.argv[4].split(",") if len(sys.argv) > 4 else list(TARGETS)
    os.makedirs(work, exist_ok=True)
    print("| Target | " + " | ".join(f"{s} MiB: s / peak RSS MiB" for s in sizes) + f" | Time ratio {sizes[-1]}/{sizes[0]} MiB (size ratio {sizes[-1] // sizes[0]}) |")
    print("| --- | " + " | ".join("---" for _ in sizes) + " | --- |")
    for target in targets:
        extension, make = TARGETS[target]
        cells, times = [], []
        for size in sizes:
            path = os.path.join(work, f"{target}-{size}mib{extension}")
            data = make(size * 1024 * 1024)
            with open(path, "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode())
            outcome, seconds, rss = run(dll, target, path)
            os.remove(path)
            times.append(seconds)
            cells.append(f"{seconds:.1f} / {rss}" + ("" if outcome == "Read" else f" ({outcome})"))
        print(f"| {target} | " + " | ".join(cells) + f" | {times[-1] / times[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
