// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.Reliability;

/// <summary>
/// Load campaign: concurrent askers and searchers on the real stack while one ingester keeps changing and syncing the folder.
/// Every returned chunk must appear whole in one version of its file that was written (never half of one, half of another).
/// </summary>
internal sealed partial class LoadCampaign(string workDirectory, int workers, int documents, int seed)
{
    private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, string> _versions = new(StringComparer.Ordinal);

    /// <summary>Runs the load for <paramref name="duration"/>.</summary>
    public async Task<LoadResult> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "docs");
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (int i = 0; i < documents; i++)
        {
            Write(folder, i, 0, random);
        }

        await using ServiceProvider services = CampaignStack.Real(Path.Combine(workDirectory, "index.db"));
        DocumentIngestor ingestor = services.GetRequiredService<DocumentIngestor>();
        KnowledgeBase knowledgeBase = services.GetRequiredService<KnowledgeBase>();
        await ingestor.SyncFolderAsync(folder, cancellationToken: cancellationToken);

        var result = new LoadResult();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        Task ingesting = IngestLoopAsync(ingestor, folder, documents, random.Next(), result, clock, duration, stop.Token);
        Task[] querying = [.. Enumerable.Range(0, workers).Select(w => QueryLoopAsync(knowledgeBase, w, seed + w, result, clock, duration, stop.Token))];
        try
        {
            await Task.WhenAll([ingesting, .. querying]).WaitAsync(duration + (2 * s_watchdog), cancellationToken);
        }
        catch (TimeoutException)
        {
            result.Timeouts++;
            result.Errors.Add("The campaign did not finish within its duration plus two watchdog periods (deadlock).");
            await stop.CancelAsync();
        }

        result.Elapsed = clock.Elapsed;
        return result;
    }

    private static string Name(int file) => string.Create(CultureInfo.InvariantCulture, $"note-{file:D4}.txt");

    private static string Normalize(string text) => WhitespaceRegex().Replace(text, " ").Trim();

    private void Write(string folder, int file, int version, Random random)
    {
        string text = CorpusGenerator.Document(file, version, random);

        // Registered before the file is written, so a reader can never see a version the campaign does not know.
        _versions[CorpusGenerator.Marker(file, version)] = Normalize(text);
        File.WriteAllText(Path.Combine(folder, Name(file)), text);
    }

    private async Task IngestLoopAsync(DocumentIngestor ingestor, string folder, int documents, int ingestSeed, LoadResult result, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        var random = new Random(ingestSeed);
        var versions = Enumerable.Range(0, documents).ToDictionary(i => i, _ => 0);
        int next = documents;
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                for (int change = 0; change < 3; change++)
                {
                    switch (random.Next(3))
                    {
                        case 0:
                            versions[next] = 0;
                            Write(folder, next++, 0, random);
                            result.Added++;
                            break;
                        case 1 when versions.Count > 0:
                            int edited = versions.Keys.ElementAt(random.Next(versions.Count));
                            Write(folder, edited, ++versions[edited], random);
                            result.Edited++;
                            break;
                        default:
                            if (versions.Count > 10)
                            {
                                int deleted = versions.Keys.ElementAt(random.Next(versions.Count));
                                versions.Remove(deleted);
                                File.Delete(Path.Combine(folder, Name(deleted)));
                                result.Deleted++;
                            }

                            break;
                    }
                }

                FolderSyncResult sync = await ingestor.SyncFolderAsync(folder, cancellationToken: cancellationToken).WaitAsync(s_watchdog, cancellationToken);
                foreach (IngestionFailure failure in sync.Failed)
                {
                    result.Errors.Add("sync failure: " + failure.Path + ": " + failure.Reason);
                }

                result.Syncs++;
            }
            catch (TimeoutException)
            {
                result.Timeouts++;
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result.Errors.Add("ingester: " + ex.GetType().Name + ": " + ex.Message);
            }
        }
    }

    private async Task QueryLoopAsync(KnowledgeBase knowledgeBase, int worker, int workerSeed, LoadResult result, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var random = new Random(workerSeed);
        IReadOnlyList<string> topics = CorpusGenerator.Topics;
        for (int i = 0; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; i++)
        {
            string topic = topics[random.Next(topics.Count)];
            long started = Stopwatch.GetTimestamp();
            try
            {
                IReadOnlyList<Source> sources;
                if ((i + worker) % 2 == 0)
                {
                    Answer answer = await knowledgeBase.AskAsync($"What does the {topic} policy cover?", new AskOptions { Extractive = true }, cancellationToken).WaitAsync(s_watchdog, cancellationToken);
                    sources = [.. answer.Sources, .. answer.Citations.Select(c => c.Source)];
                }
                else
                {
                    sources = await knowledgeBase.SearchAsync($"{topic} policy deadline", cancellationToken: cancellationToken).WaitAsync(s_watchdog, cancellationToken);
                }

                result.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                foreach (Source source in sources)
                {
                    Check(source, result);
                }
            }
            catch (TimeoutException)
            {
                result.Timeouts++;
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result.Errors.Add($"worker {worker}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private void Check(Source source, LoadResult result)
    {
        Interlocked.Increment(ref result.ChunksCheckedCount);
        string[] markers = [.. MarkerRegex().Matches(source.Text).Select(m => m.Value).Distinct(StringComparer.Ordinal)];
        string text = Normalize(source.Text);
        if (markers.Length != 1 || !_versions.TryGetValue(markers[0], out string? version) || !version.Contains(text, StringComparison.Ordinal)
            || !markers[0].StartsWith("doc" + int.Parse(Path.GetFileNameWithoutExtension(source.Path).AsSpan(5), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "v", StringComparison.Ordinal))
        {
            result.TornChunks.Add($"{source.Path}#{source.ChunkIndex} markers [{string.Join(",", markers)}]: \"{(text.Length > 80 ? text[..80] : text)}\"");
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"doc\d+v\d+")]
    private static partial Regex MarkerRegex();
}

/// <summary>The figures of a load run.</summary>
internal sealed class LoadResult
{
#pragma warning disable CA1051 // Incremented with Interlocked.
    public int ChunksCheckedCount;
#pragma warning restore CA1051

    public ConcurrentBag<double> Latencies { get; } = [];

    public ConcurrentBag<string> Errors { get; } = [];

    public ConcurrentBag<string> TornChunks { get; } = [];

    public int Timeouts { get; set; }

    public int Syncs { get; set; }

    public int Added { get; set; }

    public int Edited { get; set; }

    public int Deleted { get; set; }

    public int ChunksChecked => ChunksCheckedCount;

    public int Operations => Latencies.Count;

    public TimeSpan Elapsed { get; set; }

    public double Percentile(double p)
    {
        double[] sorted = [.. Latencies.Order()];
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1 < 0 ? 0 : (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
