// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.TestUtilities;

/// <summary>A chunk held by <see cref="InMemoryKnowledgeStore"/>: its key and its keyword index entry (weighted term frequencies and length).</summary>
internal sealed class StoredChunk
{
    /// <summary>The BM25 weights of the title, heading path and text, as the SQLite and PostgreSQL stores' defaults.</summary>
    private static readonly double[] s_fieldWeights = [2.0, 1.5, 1.0];

    public StoredChunk(long key, DocumentChunk chunk)
    {
        Key = key;
        Chunk = chunk;
        string[] fields = [chunk.Title ?? string.Empty, string.Join(" / ", chunk.HeadingPath), chunk.Text];
        for (int f = 0; f < fields.Length; f++)
        {
            foreach (string token in Tokens(fields[f]))
            {
                Frequencies[token] = Frequencies.GetValueOrDefault(token) + s_fieldWeights[f];
                Length++;
            }
        }
    }

    public long Key { get; }

    public DocumentChunk Chunk { get; }

    /// <summary>Gets each word's frequency, each occurrence counted at its field's weight.</summary>
    public Dictionary<string, double> Frequencies { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the number of words in all fields (the BM25 document length, as FTS5 counts it).</summary>
    public int Length { get; }

    /// <summary>Splits text into lower-case words (runs of letters, digits and combining marks, as FTS5's unicode61 tokenizer does), each stemmed as FTS5's porter tokenizer does.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool word = i < text.Length && (char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) is System.Globalization.UnicodeCategory.NonSpacingMark);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                yield return PorterStemmer.Stem(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
    }
}
