// Copyright (c) Rag contributors. Licensed under the MIT License.

// Usage: dotnet run -c Release --project tools/Rag.Connectors.Onnx.AccentFoldingTable -- src/Connectors/Rag.Connectors.Onnx/AccentFolding.txt
// Writes, for every code point that BERT's uncased basic tokenizer changes when it strips accents (NFD, drop the
// non-spacing marks, NFC), one line "<code point> <result code points...>" in hex. Non-spacing marks themselves are left
// out: the tokenizer drops them by category, which needs no normalization data. Requires ICU.
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("Usage: Rag.Connectors.Onnx.AccentFoldingTable <out.txt>");
    return 2;
}

if (!"\u00E9".Normalize(NormalizationForm.FormD).Equals("e\u0301", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync("Unicode normalization is unavailable (invariant globalization?); run with ICU.");
    return 1;
}

var table = new StringBuilder();
table.Append("# BERT uncased accent stripping (NFD, drop non-spacing marks, NFC) of each code point it changes, in hex.\n");
table.Append(CultureInfo.InvariantCulture, $"# Written by tools/Rag.Connectors.Onnx.AccentFoldingTable with ICU under .NET {Environment.Version}; do not edit.\n");
int entries = 0;
for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
{
    if (!Rune.IsValid(codePoint) || Rune.GetUnicodeCategory(new Rune(codePoint)) == UnicodeCategory.NonSpacingMark)
    {
        continue;
    }

    string text = char.ConvertFromUtf32(codePoint);
    string stripped;
    try
    {
        stripped = string.Concat(text.Normalize(NormalizationForm.FormD).EnumerateRunes()
            .Where(r => Rune.GetUnicodeCategory(r) != UnicodeCategory.NonSpacingMark)
            .Select(r => r.ToString())).Normalize(NormalizationForm.FormC);
    }
    catch (ArgumentException)
    {
        // ICU refuses to normalize it (U+FFFE): the tokenizer drops it, as it drops U+FFFD.
        stripped = string.Empty;
    }

    if (!stripped.Equals(text, StringComparison.Ordinal))
    {
        table.Append(CultureInfo.InvariantCulture, $"{codePoint:X4}");
        foreach (Rune rune in stripped.EnumerateRunes())
        {
            table.Append(CultureInfo.InvariantCulture, $" {rune.Value:X4}");
        }

        table.Append('\n');
        entries++;
    }
}

await File.WriteAllTextAsync(args[0], table.ToString());
Console.WriteLine($"Wrote {entries} entries to {args[0]}.");
return 0;
