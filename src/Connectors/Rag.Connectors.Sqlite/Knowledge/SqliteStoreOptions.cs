// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Rag.Connectors.Search;

namespace Rag.Connectors.Sqlite;

/// <summary>Options of the SQLite knowledge store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets how long a write waits for another process's write lock before failing.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the FTS5 tokenizer of the keyword index. Opened read-write on an index built with another tokenizer, the
    /// store rebuilds the index from the stored chunk text (as for another <see cref="KeywordLanguage"/>); opened
    /// <see cref="ReadOnly"/>, it refuses the file with an error naming both tokenizers.
    /// </summary>
    /// <value>Defaults to <c>porter unicode61 remove_diacritics 2</c>: accent-insensitive (Spanish, French) with English stemming.</value>
    public string FullTextTokenizer { get; set; } = "porter unicode61 remove_diacritics 2";

    /// <summary>
    /// Gets or sets the language the keyword index analyses text in: detected per document (and per chunk), or fixed.
    /// Text in a language with its own stemmer (Spanish) is stemmed and its stop words dropped before the FTS5 tokenizer
    /// sees it; English is left to the tokenizer's Porter stemmer. Queries are analysed in every language the index holds.
    /// </summary>
    /// <remarks>An index written with another setting (or before this option existed) is re-analysed from its stored chunk text when opened read-write.</remarks>
    /// <value>Defaults to <see cref="KeywordLanguage.Auto"/>.</value>
    public KeywordLanguage KeywordLanguage { get; set; }

    /// <summary>Gets or sets the BM25 weight of the document title. In (0, 100]; checked when the store is opened.</summary>
    /// <value>Defaults to 2.</value>
    public double TitleWeight { get; set; } = 2.0;

    /// <summary>Gets or sets the BM25 weight of the chunk's heading path. In (0, 100].</summary>
    /// <value>Defaults to 1.5.</value>
    public double HeadingWeight { get; set; } = 1.5;

    /// <summary>Gets or sets the BM25 weight of the chunk text. In (0, 100].</summary>
    /// <value>Defaults to 1.</value>
    public double TextWeight { get; set; } = 1.0;

    /// <summary>
    /// Gets or sets a value indicating whether the in-memory vector copy is int8-quantised (4× less memory, faster to
    /// scan); the best candidates (4 × top, at least 100) are rescored exactly from the floats stored in the file, and so is
    /// every other row whose int8 score is within int8's error margin of the rescored top (near-duplicate vectors, which int8
    /// cannot tell apart; up to 32,768 rows), so results and scores are those of an exact float search. The margin holds
    /// int8's rounding to six standard deviations once its mean is accounted for exactly: right for embeddings, whose
    /// rounding behaves like noise; vectors built to sit on int8's rounding boundaries with a shared sign pattern can be
    /// ranked otherwise, which <see langword="false"/> rules out by construction.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>. <see langword="false"/> holds every vector as float32 in memory.</value>
    public bool QuantizeVectors { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether unfiltered keyword searches are ranked in memory: each query word's FTS5
    /// posting list is read once and cached (up to <see cref="KeywordCacheMegabytes"/>), and a query is scored over those lists
    /// with the numbers of FTS5's <c>bm25()</c>. A write of this store is applied to the cached lists; a write from another
    /// store or process makes the next search read them afresh. Filtered searches, and words the tokenizer splits into
    /// several tokens, use <c>bm25()</c> in SQL.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>. <see langword="false"/> scores every match with <c>bm25()</c> in SQL on each query.</value>
    public bool RankKeywordsInMemory { get; set; } = true;

    /// <summary>
    /// Gets or sets the memory, in megabytes, that the in-memory keyword ranking's cached posting lists may hold (6 bytes per
    /// row a word is in); beyond it the least recently searched words are dropped, and read from the index again when next
    /// searched (a common word of a million-chunk store: tens of milliseconds).
    /// </summary>
    /// <value>Defaults to 256: about 44 million postings, every list the queries of a million-chunk store commonly need. 0 keeps only the lists of the query being ranked.</value>
    public int KeywordCacheMegabytes { get; set; } = 256;

    /// <summary>
    /// Gets or sets a value indicating whether the in-memory keyword ranking finds the top k by MaxScore, skipping postings
    /// that cannot reach it, rather than scoring every posting; the results are the same. Off only to measure the difference.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    internal bool PruneKeywordRanking { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether each commit is flushed to disk (<c>synchronous=FULL</c>), surviving power loss, not only process crashes.</summary>
    /// <value>Defaults to <see langword="false"/> (<c>synchronous=NORMAL</c> under WAL: crash-safe, never corrupt).</value>
    public bool FlushOnCommit { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the file is opened read-only: searches and reads work, nothing is created,
    /// migrated or written, and every write throws a <see cref="Microsoft.Extensions.VectorData.VectorStoreException"/>
    /// naming the file. Use it to query a shipped or shared index without any chance of changing it.
    /// </summary>
    /// <remarks>
    /// A cleanly closed index (no <c>-wal</c> file, or an empty one) on read-only media, in a folder the user cannot write or
    /// on a full disk is opened as immutable, because SQLite cannot create its shared-memory file there; SQLite then takes no locks, so no other process
    /// may write that file while it is open this way.
    /// </remarks>
    /// <value>Defaults to <see langword="false"/>. When <see langword="true"/>, the file must exist and hold a store of the current schema version.</value>
    public bool ReadOnly { get; set; }

    /// <summary>Throws naming the first option that is out of range; run when the store is opened.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero, nameof(BusyTimeout));
        ArgumentException.ThrowIfNullOrWhiteSpace(FullTextTokenizer, nameof(FullTextTokenizer));
        if (!Enum.IsDefined(KeywordLanguage))
        {
            throw new ArgumentOutOfRangeException(nameof(KeywordLanguage), KeywordLanguage, "KeywordLanguage must be Auto, English or Spanish.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(KeywordCacheMegabytes, nameof(KeywordCacheMegabytes));
        FullTextWeights.Validate(TitleWeight, HeadingWeight, TextWeight);
    }
}
