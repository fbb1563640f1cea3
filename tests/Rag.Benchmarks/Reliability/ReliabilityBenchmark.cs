// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Rag.Reliability;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// <c>reliability</c>: the reliability and security campaign (kill -9 during indexing, load while syncing, hostile files,
/// hostile text), bounded in time and count and seeded so a run can be reproduced. Writes docs/reliability.md figures.
/// Options: --seed N, --kills N, --kill-docs N, --full-docs N, --full-headroom KiB,KiB,..., --readonly-docs N, --load-seconds N,
/// --mutations N, --fuzz-seconds N, --bomb-mib N, --early-kills N, --early-docs N, --early-window-ms N, --only kill|earlykill|diskfull|readonly|load|webapi|files|text;
/// webapi (ReliabilityBenchmark.WebApi.cs): --webapi-seconds N, --sse-clients N.
/// </summary>
internal sealed partial class ReliabilityBenchmark : IBenchmark
{
    public string Name => "reliability";

    public string Description => "Reliability and security campaign: kill -9, load, hostile files, prompt injection.";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int seed = int.Parse(BenchmarkArgs.Get(args, "--seed", "12"), CultureInfo.InvariantCulture);
        string only = BenchmarkArgs.Get(args, "--only", "all");
        using var work = new TemporaryDirectory();
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Seed {seed}. Reproduce with `dotnet run -c Release --project tests/Rag.Benchmarks -- reliability --seed {seed} --report docs/reliability.md`."));
        if (only is "all" or "kill")
        {
            await KillAsync(report, args, seed, work.Path, cancellationToken);
        }

        if (only is "all" or "earlykill")
        {
            await EarlyKillAsync(report, args, seed, work.Path, cancellationToken);
        }

        if (only is "all" or "diskfull")
        {
            await DiskFullAsync(report, args, seed, work.Path, cancellationToken);
        }

        if (only is "all" or "readonly")
        {
            await ReadOnlyAsync(report, args, seed, work.Path, cancellationToken);
        }

        if (only is "all" or "load")
        {
            await LoadAsync(report, args, seed, work.Path, cancellationToken);
        }

        if (only is "all" or "webapi")
        {
            await WebApiAsync(report, args, seed, work.Path, cancellationToken);
        }

        if (only is "all" or "files")
        {
            await FilesAsync(report, args, seed, work.Path, cancellationToken);
        }

        if (only is "all" or "text")
        {
            await TextAsync(report, cancellationToken);
        }
    }

    internal static string CliPath()
    {
        string baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(baseDirectory, "..", "..", "Rag.Cli", Path.GetFileName(baseDirectory), "rag-cli.dll");
    }

    private static async Task KillAsync(BenchmarkReport report, string[] args, int seed, string work, CancellationToken cancellationToken)
    {
        int runs = int.Parse(BenchmarkArgs.Get(args, "--kills", "20"), CultureInfo.InvariantCulture);
        int documents = int.Parse(BenchmarkArgs.Get(args, "--kill-docs", "300"), CultureInfo.InvariantCulture);
        report.Section("Kill -9 during `rag-cli index`");
        string directory = Path.Combine(work, "kill");
        Directory.CreateDirectory(directory);
        KillCampaignResult result = await new KillCampaign(CliPath(), directory, documents, runs, seed).RunAsync(cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Folder: {documents} generated text documents ({result.ReferenceDocuments} indexed by a clean run in {result.ReferenceTime.TotalSeconds:F1} s, real ONNX model, SQLite store; its commit window, seen from outside, ran from {result.ReferenceFirstCommit.TotalSeconds:F1} s to {result.ReferenceLastCommit.TotalSeconds:F1} s after process start). Each run starts `rag-cli index`, polls the catalog about every millisecond through one read-only connection, and sends SIGKILL (`Process.Kill()`) the moment a seeded random number of documents (1 to {result.ReferenceDocuments - 1}) is seen committed; the ingestor commits the documents of each embedding batch one transaction each, in quick bursts, so the kill lands while the next documents are being written. It then runs `PRAGMA integrity_check`, re-runs `index` to completion and compares the store with the clean ingest (same paths and content hashes, same chunk count per document, chunk indexes distinct, no duplicate or orphan chunk rows, full-text rows = chunk rows)."));
        var rows = new List<string[]> { new[] { "Run", "Kill when committed", "Killed at (ms)", "Killed mid-ingest", "Docs committed at kill", "integrity_check", "Re-run exit", "Differences", "Duplicates/orphans", "Survived" } };
        rows.AddRange(result.Runs.Select(r => new[]
        {
            r.Run.ToString(CultureInfo.InvariantCulture), r.TargetDocuments.ToString(CultureInfo.InvariantCulture),
            r.KillAfter.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture), r.Killed ? "yes" : "no (finished)",
            r.DocumentsAtKill.ToString(CultureInfo.InvariantCulture), r.IntegrityCheck, r.RerunExitCode.ToString(CultureInfo.InvariantCulture),
            r.Differences.Count == 0 ? "0" : string.Join("; ", r.Differences.Take(3)), r.DuplicateChunks.ToString(CultureInfo.InvariantCulture), r.Survived ? "yes" : "**NO**",
        }));
        report.Table(rows);
        int partly = result.Runs.Count(r => r.Killed && r.DocumentsAtKill > 0 && r.DocumentsAtKill < result.ReferenceDocuments);
        int[] committedAtKill = [.. result.Runs.Where(r => r.Killed).Select(r => r.DocumentsAtKill).Order()];
        report.Line(string.Create(CultureInfo.InvariantCulture, $"**Survived: {result.Survived}/{result.Runs.Count}** (killed mid-ingest with documents partly committed: {partly}/{result.Runs.Count}; documents committed at the kill: min {(committedAtKill.Length == 0 ? 0 : committedAtKill[0])}, median {(committedAtKill.Length == 0 ? 0 : committedAtKill[committedAtKill.Length / 2])}, max {(committedAtKill.Length == 0 ? 0 : committedAtKill[^1])} of {result.ReferenceDocuments})."));
    }

    private static async Task EarlyKillAsync(BenchmarkReport report, string[] args, int seed, string work, CancellationToken cancellationToken)
    {
        int runs = int.Parse(BenchmarkArgs.Get(args, "--early-kills", "200"), CultureInfo.InvariantCulture);
        int documents = int.Parse(BenchmarkArgs.Get(args, "--early-docs", "6"), CultureInfo.InvariantCulture);
        var window = TimeSpan.FromMilliseconds(int.Parse(BenchmarkArgs.Get(args, "--early-window-ms", "2000"), CultureInfo.InvariantCulture));
        report.Section("Kill -9 in the first seconds of a fresh `rag-cli index`");
        string directory = Path.Combine(work, "earlykill");
        Directory.CreateDirectory(directory);
        EarlyKillCampaignResult result = await new EarlyKillCampaign(CliPath(), directory, documents, runs, window, seed).RunAsync(cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Folder: {documents} generated text documents ({result.ReferenceDocuments} indexed by a clean run in {result.ReferenceTime.TotalSeconds:F1} s from process start). Each of {runs} runs starts `rag-cli index` on an index that does not exist yet and sends SIGKILL (`Process.Kill()`) at a seeded random moment 0–{window.TotalMilliseconds:F0} ms after process start, records what is left on disk, then runs `index` again with nothing else opening the file first, and compares the store with the clean ingest (paths, content hashes, chunk counts; duplicate or orphan chunk rows; `PRAGMA integrity_check`)."));
        var rows = new List<string[]> { new[] { "Left on disk after the kill", "Runs", "Kill moments (ms)", "Re-run could not open", "Lost or different documents", "Duplicates/orphans", "Survived" } };
        foreach (IGrouping<string, EarlyKillOutcome> group in result.Runs.GroupBy(r => r.LeftOnDisk).OrderBy(g => g.Min(r => r.KillAfter)))
        {
            rows.Add(
            [
                group.Key, group.Count().ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{group.Min(r => r.KillAfter.TotalMilliseconds):F0}–{group.Max(r => r.KillAfter.TotalMilliseconds):F0}"),
                group.Count(r => r.Unopenable).ToString(CultureInfo.InvariantCulture), group.Sum(r => r.Lost).ToString(CultureInfo.InvariantCulture),
                group.Sum(r => r.DuplicateChunks).ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{group.Count(r => r.Survived)}/{group.Count()}"),
            ]);
        }

        report.Table(rows);
        foreach (EarlyKillOutcome failed in result.Runs.Where(r => !r.Survived))
        {
            report.Line(string.Create(CultureInfo.InvariantCulture, $"- Run {failed.Run} (killed at {failed.KillAfter.TotalMilliseconds:F0} ms, left {failed.LeftOnDisk}): re-run exit {failed.RerunExitCode}, integrity {failed.IntegrityCheck}, differences {string.Join("; ", failed.Differences)}, duplicates {failed.DuplicateChunks}. {failed.RerunError}"));
        }

        report.Line(string.Create(CultureInfo.InvariantCulture, $"**Unopenable: {result.Runs.Count(r => r.Unopenable)}, lost or different documents: {result.Runs.Sum(r => r.Lost)}, duplicated chunk rows: {result.Runs.Sum(r => r.DuplicateChunks) + result.Runs.Sum(r => r.Differences.Count(d => d.StartsWith("extra ", StringComparison.Ordinal)))}; survived {result.Runs.Count(r => r.Survived)}/{result.Runs.Count}.**"));
    }

    private static async Task DiskFullAsync(BenchmarkReport report, string[] args, int seed, string work, CancellationToken cancellationToken)
    {
        int documents = int.Parse(BenchmarkArgs.Get(args, "--full-docs", "40"), CultureInfo.InvariantCulture);
        long[] headrooms = [.. BenchmarkArgs.Get(args, "--full-headroom", "16,128,512").Split(',').Select(h => long.Parse(h, CultureInfo.InvariantCulture))];
        report.Section("Disk full during `rag-cli index`");
        if (!OperatingSystem.IsLinux())
        {
            report.Line("Not run: needs Linux (RLIMIT_FSIZE, tmpfs).");
            return;
        }

        string directory = Path.Combine(work, "diskfull");
        Directory.CreateDirectory(directory);
        DiskLimit[] limits = [.. headrooms.Select(h => new DiskLimit(DiskLimitKind.FileSizeLimit, h)), .. headrooms.Select(h => new DiskLimit(DiskLimitKind.SmallFileSystem, h))];
        DiskFullResult result = await new DiskFullCampaign(CliPath(), directory, documents, seed).RunAsync(limits, cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Folder: {documents} generated text documents (clean index {result.ReferenceBytes / 1024} KiB, real ONNX model, SQLite store). Each case indexes the first half of the folder with room to spare, adds the second half and runs `rag-cli index` again with only the given room beyond the store's current size: either under a file-size limit on the CLI process (`ulimit -f`, RLIMIT_FSIZE, SIGXFSZ ignored, so writes fail with EFBIG) or with the index on a tmpfs mounted for the case and shrunk to that size (writes fail with ENOSPC, as on a full disk). Then `PRAGMA integrity_check`, the documents stored before must be unchanged (same content hashes and chunk counts), no document may be half-stored and no duplicate or orphan chunk row may exist; finally space returns and a re-run must complete and equal a clean ingest of the whole folder."));
        var rows = new List<string[]> { new[] { "Limit", "Room left (KiB)", "Docs before", "Exit", "CLI message", "integrity_check", "Docs after failure", "Before intact", "Half-written", "Re-run exit", "Differences", "Duplicates/orphans", "Passed" } };
        rows.AddRange(result.Cases.Select(c => c.Skipped is not null
            ? new[] { LimitName(c.Limit.Kind), c.Limit.HeadroomKiB.ToString(CultureInfo.InvariantCulture), "-", "-", "not run: " + c.Skipped.Replace("|", "/", StringComparison.Ordinal), "-", "-", "-", "-", "-", "-", "-", "skipped" }
            : new[]
            {
                LimitName(c.Limit.Kind), c.Limit.HeadroomKiB.ToString(CultureInfo.InvariantCulture), c.DocumentsBefore.ToString(CultureInfo.InvariantCulture),
                c.ExitCode.ToString(CultureInfo.InvariantCulture), c.Message.Replace(c.DatabasePath, "<index>", StringComparison.Ordinal).Replace("|", "/", StringComparison.Ordinal), c.IntegrityCheck,
                c.DocumentsAfterFailure.ToString(CultureInfo.InvariantCulture), c.BeforeIntact ? "yes" : "**NO**", c.HalfWritten.ToString(CultureInfo.InvariantCulture),
                c.RerunExitCode.ToString(CultureInfo.InvariantCulture), c.Differences.Count == 0 ? "0" : string.Join("; ", c.Differences.Take(3)),
                c.DuplicateChunks.ToString(CultureInfo.InvariantCulture), c.Passed ? "yes" : "**NO**",
            }));
        report.Table(rows);
        int ran = result.Cases.Count(c => c.Skipped is null);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"**Passed: {result.Cases.Count(c => c.Passed)}/{ran}** (`<index>` stands for the database path, which the message names in full; a case passes when the CLI exits 4 with a message naming the file and saying the disk is full, and every check above holds)."));
    }

    private static string LimitName(DiskLimitKind kind) => kind == DiskLimitKind.FileSizeLimit ? "`ulimit -f` (EFBIG)" : "small tmpfs (ENOSPC)";

    private static async Task ReadOnlyAsync(BenchmarkReport report, string[] args, int seed, string work, CancellationToken cancellationToken)
    {
        int documents = int.Parse(BenchmarkArgs.Get(args, "--readonly-docs", "20"), CultureInfo.InvariantCulture);
        report.Section("Read-only database");
        if (!OperatingSystem.IsLinux())
        {
            report.Line("Not run: needs Linux (permissions, setpriv, bind mounts).");
            return;
        }

        string directory = Path.Combine(work, "readonly");
        Directory.CreateDirectory(directory);
        IReadOnlyList<ReadOnlyCase> cases = await new ReadOnlyCampaign(CliPath(), directory, documents, seed).RunAsync(cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Folder: {documents} generated text documents indexed by `rag-cli index`; then one file is edited and one added, so a sync has something to write. Each case tries that sync where the index cannot be written, then searches the same file through the SDK opened with `SqliteStoreOptions.ReadOnly = true` (real ONNX model, hybrid retrieval), and compares the file's SHA-256 before and after. The process runs as {(CliProcess.IsRoot ? "root" : "a non-root user")}."));
        var rows = new List<string[]> { new[] { "Case", "Write attempt", "Message", "File unchanged", "Files added to the folder", "Read-only search hits", "Passed" } };
        rows.AddRange(cases.Select(c => c.Skipped is not null
            ? new[] { c.Name, "-", "not run: " + c.Skipped.Replace("|", "/", StringComparison.Ordinal), "-", "-", "-", "skipped" }
            : new[]
            {
                c.Name, c.WriteOutcome, c.Message.Replace(c.DatabasePath, "<index>", StringComparison.Ordinal).Replace("|", "/", StringComparison.Ordinal), c.Unchanged ? "yes" : "**NO**",
                c.FilesAdded.Count == 0 ? "none" : string.Join(", ", c.FilesAdded),
                c.SearchError is null ? c.SearchHits.ToString(CultureInfo.InvariantCulture) : "error: " + c.SearchError.Replace(c.DatabasePath, "<index>", StringComparison.Ordinal).Replace("|", "/", StringComparison.Ordinal),
                c.Passed ? "yes" : "**NO**",
            }));
        report.Table(rows);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"**Passed: {cases.Count(c => c.Passed)}/{cases.Count(c => c.Skipped is null)}** (`<index>` stands for the database path, which the message names in full; a case passes when the write is refused with a message naming the file and saying it is read-only, the file is byte-for-byte unchanged, and a read-only search still returns results)."));
    }

    private static async Task LoadAsync(BenchmarkReport report, string[] args, int seed, string work, CancellationToken cancellationToken)
    {
        int seconds = int.Parse(BenchmarkArgs.Get(args, "--load-seconds", "45"), CultureInfo.InvariantCulture);
        report.Section("Load: 8 askers/searchers while a folder changes and syncs");
        string directory = Path.Combine(work, "load");
        LoadResult result = await new LoadCampaign(directory, workers: 8, documents: 60, seed).RunAsync(TimeSpan.FromSeconds(seconds), cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Real ONNX model and SQLite store, extractive answers. For {seconds} s, 8 workers alternate `AskAsync` (extractive) and `SearchAsync`, each operation under a 60 s watchdog, while one ingester adds, edits and deletes files and runs `SyncFolderAsync` in a loop. Every cited or returned chunk is checked against every version of its file ever written: its text must appear whole in one version, and carry one version's marker only."));
        report.Table(
        [
            ["Measure", "Value"],
            ["Queries (ask + search)", result.Operations.ToString(CultureInfo.InvariantCulture)],
            ["Queries/s", (result.Operations / result.Elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture)],
            ["Latency p50 (ms)", result.Percentile(0.50).ToString("F0", CultureInfo.InvariantCulture)],
            ["Latency p95 (ms)", result.Percentile(0.95).ToString("F0", CultureInfo.InvariantCulture)],
            ["Latency max (ms)", result.Percentile(1.0).ToString("F0", CultureInfo.InvariantCulture)],
            ["Folder syncs completed", result.Syncs.ToString(CultureInfo.InvariantCulture)],
            ["Files added / edited / deleted", $"{result.Added} / {result.Edited} / {result.Deleted}"],
            ["Chunks checked", result.ChunksChecked.ToString(CultureInfo.InvariantCulture)],
            ["Errors", result.Errors.Count.ToString(CultureInfo.InvariantCulture)],
            ["Watchdog timeouts (deadlock/hang)", result.Timeouts.ToString(CultureInfo.InvariantCulture)],
            ["Chunks not matching any written version (half-ingested)", result.TornChunks.Count.ToString(CultureInfo.InvariantCulture)],
        ]);
        foreach (string error in result.Errors.Concat(result.TornChunks).Distinct().Take(10))
        {
            report.Line("- " + error);
        }
    }

    private static async Task FilesAsync(BenchmarkReport report, string[] args, int seed, string work, CancellationToken cancellationToken)
    {
        int mutations = int.Parse(BenchmarkArgs.Get(args, "--mutations", "1000"), CultureInfo.InvariantCulture);
        int fuzzSeconds = int.Parse(BenchmarkArgs.Get(args, "--fuzz-seconds", "240"), CultureInfo.InvariantCulture);
        long bombMib = long.Parse(BenchmarkArgs.Get(args, "--bomb-mib", "1024"), CultureInfo.InvariantCulture);
        string directory = Path.Combine(work, "files");
        Directory.CreateDirectory(directory);
        var campaign = new FuzzCampaign(directory, TimeSpan.FromSeconds(10));
        using var process = Process.GetCurrentProcess();

        report.Section("Hostile files: crafted cases");
        var rows = new List<string[]> { new[] { "Case", "File size", "Outcome", "Reason", "Time (s)", "Working set after (MiB)" } };
        foreach ((string name, string path) in HostileFiles.WriteAll(Path.Combine(directory, "crafted"), bombMib * 1024 * 1024, 100_000))
        {
            FileOutcome outcome = await campaign.IngestFileAsync(path, cancellationToken);
            process.Refresh();
            rows.Add([name, new FileInfo(path).Length.ToString("N0", CultureInfo.InvariantCulture), outcome.Kind.ToString(), outcome.Reason ?? "-", outcome.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), (process.WorkingSet64 / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)]);
        }

        report.Table(rows);

        report.Section("Hostile files: fuzzing real files");
        string[] seeds = [.. FuzzSeeds()];
        GC.Collect();
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        long peakBefore = process.PeakWorkingSet64;
        FuzzResult fuzz = await campaign.FuzzAsync(seeds, mutations, seed, TimeSpan.FromSeconds(fuzzSeconds), cancellationToken);
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Seeds: {string.Join(", ", seeds.Select(Path.GetFileName))} (samples/docs). {fuzz.Total} mutations (bounded by {mutations} and {fuzzSeconds} s) in {fuzz.Elapsed.TotalSeconds:F0} s; each file ingested alone through `DocumentIngestor.SyncFolderAsync` with `MaxFileProcessingTime` = 10 s and a 30 s watchdog. Mutations: {string.Join(", ", fuzz.MutationKinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))}."));
        var byType = new List<string[]> { new[] { "Type", "Ingested", "Failed (recorded reason)", "Hang", "Crash" } };
        byType.AddRange(fuzz.ByType.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new[]
        {
            t.Key, t.Value.GetValueOrDefault(FileOutcomeKind.Ingested).ToString(CultureInfo.InvariantCulture), t.Value.GetValueOrDefault(FileOutcomeKind.Failed).ToString(CultureInfo.InvariantCulture),
            t.Value.GetValueOrDefault(FileOutcomeKind.Hang).ToString(CultureInfo.InvariantCulture), t.Value.GetValueOrDefault(FileOutcomeKind.Crash).ToString(CultureInfo.InvariantCulture),
        }));
        report.Table(byType);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Slowest file: {fuzz.Slowest.TotalSeconds:F1} s. Managed heap before/after the loop: {managedBefore / (1024 * 1024)} / {managedAfter / (1024 * 1024)} MiB; peak working set before/after: {peakBefore / (1024 * 1024)} / {process.PeakWorkingSet64 / (1024 * 1024)} MiB."));
        var reasons = new List<string[]> { new[] { "Failure reason (most frequent)", "Count" } };
        reasons.AddRange(fuzz.Reasons.OrderByDescending(r => r.Value).Take(12).Select(r => new[] { r.Key.Replace("|", "/", StringComparison.Ordinal), r.Value.ToString(CultureInfo.InvariantCulture) }));
        report.Table(reasons);
        foreach (string problem in fuzz.Problems.Take(10))
        {
            report.Line("- PROBLEM: " + problem);
        }
    }

    private static async Task TextAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        report.Section("Hostile text: prompt injection");
        InjectionResult result = await InjectionCampaign.RunAsync(cancellationToken);
        report.Line("Each case is a document carrying an injection attempt, asked about through `KnowledgeBase.AskAsync` with a scripted chat client that records the prompt, and again in extractive mode. Held = the system message equals the rules exactly (no document text), every payload stays inside a `<source>` block, no chat-template control token reaches the prompt, the number of `</source>` closings equals the sources (both checked once look-alikes are folded: zero-width characters removed, full-width forms to ASCII, spacing inside tags allowed), no citation marker of a document reaches a source block as it was, and the extractive answer is quoted source text only, its only markers ours (and makes no model call).");
        var rows = new List<string[]> { new[] { "Case", "Grounded prompt held", "Extractive held", "Detail" } };
        rows.AddRange(result.Cases.Select(c => new[] { c.Name, c.PromptHeld ? "yes" : "**NO**", c.ExtractiveHeld ? "yes" : "**NO**", c.Detail.Replace("|", "/", StringComparison.Ordinal) }));
        report.Table(rows);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"**Held: {result.Cases.Count(c => c.PromptHeld && c.ExtractiveHeld)}/{result.Cases.Count}.**"));
    }

    private static IEnumerable<string> FuzzSeeds()
    {
        string docs = Path.Combine(TestEnvironment.RepositoryRoot, "samples", "docs");
        string[] files = ["benefits.pdf", "onboarding.docx", Path.Combine("it", "security.html"), Path.Combine("handbook", "time-off.md")];
        return files.Select(f => Path.Combine(docs, f));
    }
}
