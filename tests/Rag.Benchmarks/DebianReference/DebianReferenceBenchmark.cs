// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Benchmarks.Retrieval;
using Rag.Connectors.Sqlite;
using Rag.Evaluation;
using Rag.TestUtilities;

namespace Rag.Benchmarks.DebianReference;

/// <summary>
/// Non-English retrieval quality: our own questions (<c>questions.LANG.tsv</c> beside this file, each with its judged
/// sections) over the Debian Reference in that language, one document per section, ingested through the SDK's folder
/// sync and default chunking. Keyword only, vector only and hybrid (SDK defaults), reported as hit@5, MRR@10 and nDCG@10,
/// once for each keyword-analysis setting: <c>English</c> (FTS5 Porter for every language: the behaviour before
/// languages were told apart), <c>Auto</c> (the default) and the corpus language fixed, where it has its own analysis. The store is cached; switching
/// the setting re-analyses only its keyword index, so the corpus is embedded once.
/// Options: --language es|fr (the corpus and question language)  --corpus DIR (default /usr/share/debian-reference, from the
/// Debian package debian-reference-LANG)  --models minilm  --cache DIR (default artifacts/benchmarks/cache).
/// </summary>
internal sealed class DebianReferenceBenchmark : IBenchmark
{
    // The corpus languages with questions, and the setting that fixes each (none: French is recognised but left to Porter).
    private static readonly Dictionary<string, KeywordLanguage?> s_languages = new(StringComparer.Ordinal) { ["es"] = KeywordLanguage.Spanish, ["fr"] = null };

    public string Name => "debref";

    public string Description => "Non-English retrieval (our own questions over the Debian Reference, debian-reference-es or -fr): hit@5/MRR/nDCG@10, keyword/vector/hybrid, per keyword-analysis setting (--language es|fr --corpus <folder>).";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string language = BenchmarkArgs.Get(args, "--language", "es");
        string corpusFolder = BenchmarkArgs.Get(args, "--corpus", "/usr/share/debian-reference");
        string[] models = BenchmarkArgs.Get(args, "--models", "minilm").Split(',', StringSplitOptions.RemoveEmptyEntries);
        string cache = BenchmarkArgs.Get(args, "--cache", Path.Combine("artifacts", "benchmarks", "cache"));
        if (!s_languages.TryGetValue(language, out KeywordLanguage? fixedLanguage))
        {
            throw new ArgumentException($"--language {language}: questions exist for {string.Join(", ", s_languages.Keys)}.");
        }

        IReadOnlyList<DebianReferenceCorpus.Section> sections = DebianReferenceCorpus.Load(corpusFolder, language);
        QuerySet queries = LoadQuestions(Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Rag.Benchmarks", "DebianReference", $"questions.{language}.tsv"), sections);
        report.Section($"debref ({language}): {sections.Count} sections of the Debian Reference from {corpusFolder}, {queries.Queries.Count} questions, SDK folder pipeline");
        (string Id, string FileName, string Text)[] documents = [.. sections.Select(s => (s.Id, s.Id.Trim('_') + ".md", $"# {s.Title}\n\n{s.Text}\n"))];
        KeywordLanguage[] settings = fixedLanguage is { } fixedSetting ? [KeywordLanguage.English, KeywordLanguage.Auto, fixedSetting] : [KeywordLanguage.English, KeywordLanguage.Auto];
        var rows = new List<string[]> { new[] { "Model", "Keyword analysis", "Mode", "hit@5", "MRR@10", "nDCG@10" } };
        var ndcg = new Dictionary<(string Model, string Mode, KeywordLanguage Setting), double>();
        foreach (string model in models)
        {
            foreach (KeywordLanguage setting in settings)
            {
                using FolderPipelineIndex index = await FolderPipelineIndex.BuildAsync(
                    model, $"debref-{language}", documents, cache, report, cancellationToken, new SqliteStoreOptions { KeywordLanguage = setting });
                foreach ((string mode, bool vector, bool keywords) in new[] { ("keyword", false, true), ("vector", true, false), ("hybrid", true, true) })
                {
                    Dictionary<string, IReadOnlyList<string>> rankings = await index.RankAsync(queries, vector, keywords, null, cancellationToken);
                    RetrievalMetrics metrics = RetrievalEvaluator.Evaluate(queries.Judgements, rankings);
                    double hitAt5 = queries.Judgements.Average(j => rankings[j.Key].Take(5).Any(j.Value.ContainsKey) ? 1.0 : 0.0);
                    ndcg[(model, mode, setting)] = metrics.NdcgAt10;
                    rows.Add([model, Describe(setting), mode, RetrievalComparison.Format(hitAt5), RetrievalComparison.Format(metrics.MrrAt10), RetrievalComparison.Format(metrics.NdcgAt10)]);
                }

                report.Table(rows); // cumulative, so a long run shows each setting's figures as soon as they exist
            }
        }

        report.Line("nDCG@10 before (English analysis for every language) and after (Auto, the default):");
        report.Table([["Model", "Mode", "Before (English)", "After (Auto)", "Change"], .. ndcg.Keys.Where(k => k.Setting == KeywordLanguage.English).Select(k =>
        {
            double before = ndcg[k];
            double after = ndcg[(k.Model, k.Mode, KeywordLanguage.Auto)];
            return new[] { k.Model, k.Mode, RetrievalComparison.Format(before), RetrievalComparison.Format(after), (after - before).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) };
        })]);
    }

    private static string Describe(KeywordLanguage setting) => setting switch
    {
        KeywordLanguage.English => "English (before: Porter for all)",
        KeywordLanguage.Auto => "Auto (default)",
        _ => setting + " (fixed)",
    };

    /// <summary>Reads <c>id TAB question TAB relevant-id,relevant-id</c> lines (<c>#</c> starts a comment); every judged section must exist.</summary>
    private static QuerySet LoadQuestions(string path, IReadOnlyList<DebianReferenceCorpus.Section> sections)
    {
        var known = sections.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var questions = new Dictionary<string, string>(StringComparer.Ordinal);
        var judgements = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            string[] fields = line.Split('\t');
            string[] relevant = fields[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string? unknown = relevant.FirstOrDefault(r => !known.Contains(r));
            if (unknown is not null)
            {
                throw new InvalidDataException($"{path}: question {fields[0]} judges section '{unknown}', which the corpus lacks.");
            }

            questions.Add(fields[0], fields[1]);
            judgements.Add(fields[0], relevant.ToDictionary(r => r, _ => 1, StringComparer.Ordinal));
        }

        return new QuerySet(questions, judgements);
    }
}
