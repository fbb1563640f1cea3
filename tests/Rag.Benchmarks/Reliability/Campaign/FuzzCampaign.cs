// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.Reliability;

/// <summary>
/// Hostile-file campaign: ingests seeded mutations of real files (bit flips, truncation, inserted bytes, duplicated spans)
/// and crafted hostile files through <see cref="DocumentIngestor"/>, each under a per-file time limit and a hard watchdog.
/// </summary>
internal sealed class FuzzCampaign(string workDirectory, TimeSpan perFileLimit)
{
    /// <summary>Ingests <paramref name="mutations"/> mutated copies of <paramref name="seeds"/> (stopping at <paramref name="timeBudget"/>).</summary>
    public async Task<FuzzResult> FuzzAsync(IReadOnlyList<string> seeds, int mutations, int seed, TimeSpan timeBudget, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var result = new FuzzResult();
        var clock = Stopwatch.StartNew();
        byte[][] contents = [.. seeds.Select(File.ReadAllBytes)];
        for (int i = 0; i < mutations && clock.Elapsed < timeBudget; i++)
        {
            int which = random.Next(seeds.Count);
            (byte[] mutated, string kind) = Mutate(contents[which], random);
            string name = string.Create(CultureInfo.InvariantCulture, $"m{i:D5}{Path.GetExtension(seeds[which])}");
            FileOutcome outcome = await IngestAsync(name, mutated, cancellationToken);
            result.Add(Path.GetExtension(seeds[which]).ToLowerInvariant(), kind, outcome);
        }

        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>Ingests one file (alone in a fresh folder) and classifies the outcome.</summary>
    public async Task<FileOutcome> IngestFileAsync(string path, CancellationToken cancellationToken) =>
        await IngestAsync(Path.GetFileName(path), await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);

    private static (byte[] Bytes, string Kind) Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                int flips = random.Next(1, 33);
                for (int f = 0; f < flips; f++)
                {
                    int at = random.Next(bytes.Length);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, "bit flips");
            case 1:
                return (bytes[..random.Next(bytes.Length)], "truncation");
            case 2:
                int insertAt = random.Next(bytes.Length);
                byte[] noise = new byte[random.Next(1, 512)];
                random.NextBytes(noise);
                return ([.. bytes[..insertAt], .. noise, .. bytes[insertAt..]], "byte insertion");
            default:
                int from = random.Next(bytes.Length);
                int length = Math.Min(bytes.Length - from, random.Next(1, 4096));
                int to = random.Next(bytes.Length);
                return ([.. bytes[..to], .. bytes.AsSpan(from, length), .. bytes[to..]], "span duplication");
        }
    }

    private async Task<FileOutcome> IngestAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, name), content, cancellationToken);
        await using ServiceProvider services = CampaignStack.Light();
        DocumentIngestor ingestor = services.GetRequiredService<DocumentIngestor>();
        var options = new IngestionOptions { MaxFileProcessingTime = perFileLimit };
        var clock = Stopwatch.StartNew();
        Task<FolderSyncResult> sync = Task.Run(() => ingestor.SyncFolderAsync(folder, options, cancellationToken: cancellationToken), cancellationToken);
        try
        {
            // The ingestor's own limit should end the read; the watchdog catches a reader that ignores cancellation.
            FolderSyncResult result = await sync.WaitAsync(perFileLimit * 3, cancellationToken);
            FileOutcome outcome = result.Failed.Count > 0
                ? new FileOutcome(FileOutcomeKind.Failed, Reason(result.Failed[0].Reason), clock.Elapsed)
                : new FileOutcome(result.Added.Count > 0 ? FileOutcomeKind.Ingested : FileOutcomeKind.Skipped, null, clock.Elapsed);
            TryDelete(folder);
            return outcome;
        }
        catch (TimeoutException)
        {
            return new FileOutcome(FileOutcomeKind.Hang, "no result within " + (perFileLimit * 3), clock.Elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TryDelete(folder);
            return new FileOutcome(FileOutcomeKind.Crash, ex.GetType().Name + ": " + ex.Message, clock.Elapsed);
        }
    }

    /// <summary>Groups a failure reason: the leading quoted file name is dropped and the text cut short.</summary>
    private static string Reason(string reason)
    {
        int end = reason.StartsWith('\'') ? reason.IndexOf('\'', 1) : -1;
        string text = end > 0 ? reason[(end + 1)..].Trim() : reason;
        return text.Length > 140 ? text[..140] + "…" : text;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>How one hostile file ended.</summary>
internal enum FileOutcomeKind
{
    Ingested,
    Skipped,
    Failed,
    Hang,
    Crash,
}

/// <summary>The outcome of one file: its kind, the failure reason, and the time taken.</summary>
internal sealed record FileOutcome(FileOutcomeKind Kind, string? Reason, TimeSpan Elapsed);

/// <summary>The figures of a fuzz run.</summary>
internal sealed class FuzzResult
{
    public Dictionary<string, Dictionary<FileOutcomeKind, int>> ByType { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> MutationKinds { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public int Total { get; private set; }

    public TimeSpan Slowest { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public void Add(string type, string mutation, FileOutcome outcome)
    {
        Total++;
        Dictionary<FileOutcomeKind, int> counts = ByType.TryGetValue(type, out var existing) ? existing : ByType[type] = [];
        counts[outcome.Kind] = counts.GetValueOrDefault(outcome.Kind) + 1;
        MutationKinds[mutation] = MutationKinds.GetValueOrDefault(mutation) + 1;
        if (outcome.Reason is { } reason)
        {
            Reasons[type + ": " + reason] = Reasons.GetValueOrDefault(type + ": " + reason) + 1;
        }

        if (outcome.Kind is FileOutcomeKind.Hang or FileOutcomeKind.Crash)
        {
            Problems.Add($"{type} {mutation}: {outcome.Kind} {outcome.Reason}");
        }

        if (outcome.Elapsed > Slowest)
        {
            Slowest = outcome.Elapsed;
        }
    }

    public int Count(FileOutcomeKind kind) => ByType.Values.Sum(c => c.GetValueOrDefault(kind));
}
