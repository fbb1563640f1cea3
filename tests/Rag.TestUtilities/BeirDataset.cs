// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Text.Json;

namespace Rag.TestUtilities;

/// <summary>A BEIR-format retrieval dataset (corpus.jsonl[.gz], queries.jsonl, qrels/*.tsv), such as SciFact.</summary>
public sealed class BeirDataset
{
    private BeirDataset(IReadOnlyList<BeirDocument> corpus, IReadOnlyDictionary<string, string> queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> judgements)
    {
        Corpus = corpus;
        Queries = queries;
        Judgements = judgements;
    }

    /// <summary>Gets the documents, in file order.</summary>
    public IReadOnlyList<BeirDocument> Corpus { get; }

    /// <summary>Gets the judged queries' text by query id.</summary>
    public IReadOnlyDictionary<string, string> Queries { get; }

    /// <summary>Gets the relevance judgements: query id → (document id → relevance).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgements { get; }

    /// <summary>Loads a split of a dataset folder.</summary>
    /// <param name="folder">The folder holding corpus.jsonl(.gz), queries.jsonl and qrels/.</param>
    /// <param name="split">The qrels split: <c>test</c> or <c>train</c>.</param>
    /// <returns>The dataset, restricted to the queries judged in that split.</returns>
    public static BeirDataset Load(string folder, string split)
    {
        var judgements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(folder, "qrels", split + ".tsv")).Skip(1))
        {
            string[] parts = line.TrimEnd('\r').Split('\t');
            if (parts.Length >= 3 && int.TryParse(parts[2], out int score))
            {
                (judgements.TryGetValue(parts[0], out var docs) ? docs : judgements[parts[0]] = new(StringComparer.Ordinal))[parts[1]] = score;
            }
        }

        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(folder, "queries.jsonl")))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            string id = json.RootElement.GetProperty("_id").GetString()!;
            if (judgements.ContainsKey(id))
            {
                queries[id] = json.RootElement.GetProperty("text").GetString()!;
            }
        }

        return new BeirDataset(
            ReadCorpus(folder),
            queries,
            judgements.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// Returns a smaller dataset: the first <paramref name="queryCount"/> judged queries (by id order), all their relevant
    /// documents, and distractor documents taken in corpus order up to <paramref name="documentCount"/> documents in all.
    /// </summary>
    /// <param name="queryCount">How many queries to keep.</param>
    /// <param name="documentCount">How many documents to keep in all.</param>
    /// <returns>The subset, the same on every run.</returns>
    public BeirDataset Subset(int queryCount, int documentCount)
    {
        string[] queryIds = [.. Judgements.Keys.OrderBy(id => int.TryParse(id, out int n) ? n : int.MaxValue).ThenBy(id => id, StringComparer.Ordinal).Take(queryCount)];
        var relevant = new HashSet<string>(queryIds.SelectMany(q => Judgements[q].Keys), StringComparer.Ordinal);
        List<BeirDocument> documents = [.. Corpus.Where(d => relevant.Contains(d.Id))];
        documents.AddRange(Corpus.Where(d => !relevant.Contains(d.Id)).Take(Math.Max(0, documentCount - documents.Count)));
        return new BeirDataset(
            documents,
            queryIds.ToDictionary(q => q, q => Queries[q], StringComparer.Ordinal),
            queryIds.ToDictionary(q => q, q => Judgements[q], StringComparer.Ordinal));
    }

    private static List<BeirDocument> ReadCorpus(string folder)
    {
        string gz = Path.Combine(folder, "corpus.jsonl.gz");
        using Stream file = File.OpenRead(File.Exists(gz) ? gz : Path.Combine(folder, "corpus.jsonl"));
        using Stream content = File.Exists(gz) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(content);
        var documents = new List<BeirDocument>();
        while (reader.ReadLine() is { } line)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            documents.Add(new BeirDocument(
                root.GetProperty("_id").GetString()!,
                root.TryGetProperty("title", out JsonElement title) ? title.GetString() ?? string.Empty : string.Empty,
                root.GetProperty("text").GetString()!));
        }

        return documents;
    }
}
