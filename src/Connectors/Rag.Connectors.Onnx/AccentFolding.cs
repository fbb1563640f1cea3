// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Rag.Connectors.Onnx;

/// <summary>
/// Strips accents from precomposed characters exactly as BERT's uncased tokenizer does (NFD, drop the non-spacing marks,
/// NFC), from a table that ships with the connector instead of the runtime's ICU normalization: under invariant
/// globalization <see cref="string.Normalize()"/> changes nothing, and "año" would become <c>[UNK]</c>.
/// </summary>
/// <remarks>
/// The table (<c>AccentFolding.txt</c>) is written by <c>tools/Rag.Connectors.Onnx.AccentFoldingTable</c>; a test checks it
/// against ICU for every code point. Non-spacing marks left in the text are the tokenizer's to drop. Invalid UTF-16 (an
/// unpaired surrogate, which ICU refuses to normalize) becomes U+FFFD, which the tokenizer drops. Thread-safe.
/// </remarks>
internal static class AccentFolding
{
    private const string TableResource = "Rag.Connectors.Onnx.AccentFolding.txt";

    private static readonly FrozenDictionary<int, string> s_table = LoadTable();

    /// <summary>Gets the lowest code point the table changes: text below it needs no work.</summary>
    private static readonly int s_lowest = s_table.Keys.Min();

    /// <summary>Gets the number of code points the table changes.</summary>
    public static int Count => s_table.Count;

    /// <summary>Folds each precomposed accented character of <paramref name="text"/> to what BERT's accent stripping leaves.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The folded text; <paramref name="text"/> itself when nothing changes.</returns>
    public static string Fold(string text)
    {
        int first = IndexOfFoldable(text);
        if (first < 0)
        {
            return text;
        }

        var folded = new StringBuilder(text.Length);
        folded.Append(text, 0, first);
        ReadOnlySpan<char> rest = text.AsSpan(first);
        while (!rest.IsEmpty)
        {
            Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed);
            if (s_table.TryGetValue(rune.Value, out string? replacement))
            {
                folded.Append(replacement);
            }
            else
            {
                folded.Append(rune.ToString());
            }

            rest = rest[consumed..];
        }

        return folded.ToString();
    }

    private static int IndexOfFoldable(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] >= s_lowest)
            {
                return i;
            }
        }

        return -1;
    }

    private static FrozenDictionary<int, string> LoadTable()
    {
        using Stream stream = typeof(AccentFolding).Assembly.GetManifestResourceStream(TableResource)
            ?? throw new InvalidOperationException($"The accent folding table {TableResource} is missing from {typeof(AccentFolding).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var table = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] fields = line.Split(' ');
            var result = new StringBuilder();
            for (int i = 1; i < fields.Length; i++)
            {
                result.Append(char.ConvertFromUtf32(int.Parse(fields[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));
            }

            table.Add(int.Parse(fields[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), result.ToString());
        }

        return table.ToFrozenDictionary();
    }
}
