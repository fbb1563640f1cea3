// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Cli.Configuration;
using Rag.Cli.Rendering;
using Rag.Samples.Indexing;
using Spectre.Console;

namespace Rag.Cli.Commands;

/// <summary>
/// Runs a folder sync with a live progress bar (rate and ETA) and renders its summary. The sync's progress also goes to
/// <c>recorder</c> (the index's write lock, which tells readers how many files are left).
/// </summary>
internal static class FolderIndexer
{
    public static async Task<FolderSyncResult> SyncAsync(RagSession session, bool quiet, bool reembed, IngestionOptions options, IProgress<IngestionProgress> recorder, CancellationToken cancellationToken)
    {
        string folder = session.Configuration.Folder
            ?? throw new CliException("This index has no folder to sync: pass --folder <path>.", ExitCodes.Usage);
        ScanOptions(options);

        if (quiet || Console.IsOutputRedirected)
        {
            return await RunAsync(session, folder, options, reembed, recorder, cancellationToken);
        }

        FolderSyncResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                ProgressTask task = ctx.AddTask("Indexing", autoStart: true, maxValue: 1);
                var bar = new Progress<IngestionProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                    task.Description = TerminalText.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.FilesDone}/{p.FilesTotal} files · {p.ChunksDone} chunks · {ReadingProgressText.Describe(p, Shorten(p.CurrentFile))}"));
                });
                result = await RunAsync(session, folder, options, reembed, new ProgressPair(recorder, bar), cancellationToken);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>Leaves the index's own folder out of what a sync of the folder reads; returns <paramref name="options"/>.</summary>
    public static IngestionOptions ScanOptions(IngestionOptions options)
    {
        options.Exclude.Add($"**/{CliConfiguration.IndexFolderName}/**");
        return options;
    }

    /// <summary>Renders what the sync did, the files that failed and why, and what it could not index.</summary>
    /// <param name="result">What the sync did.</param>
    /// <param name="configuration">The index and folder synced.</param>
    /// <param name="previouslyFailed">The files still failed from an earlier run (not tried again by this one).</param>
    public static void RenderSummary(FolderSyncResult result, CliConfiguration configuration, IReadOnlyList<string> previouslyFailed)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[green]Added[/]", Count(result.Added.Count));
        grid.AddRow("[blue]Changed[/]", Count(result.Changed.Count));
        grid.AddRow("Renamed", Count(result.Renamed.Count));
        grid.AddRow("[grey]Deleted[/]", Count(result.Deleted.Count));
        grid.AddRow("Unchanged", Count(result.Unchanged));
        grid.AddRow(result.Failed.Count > 0 ? "[red]Failed[/]" : "Failed", Count(result.Failed.Count));
        grid.AddRow("Chunks embedded", Count(result.ChunksEmbedded));
        grid.AddRow("Time", result.Elapsed.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture));
        grid.AddRow("Index", TerminalText.Escape(configuration.IndexPath));
        AnsiConsole.Write(new Panel(grid).Header(result.Reembedded ? "Re-embedded" : "Indexed").Border(BoxBorder.Rounded));
        foreach (IngestionFailure failure in result.Failed)
        {
            AnsiConsole.MarkupLine($"[red]✗[/] {TerminalText.Escape(failure.Path)}: {TerminalText.Escape(failure.Reason)}");
        }

        if (previouslyFailed.Count > 0)
        {
            AnsiConsole.MarkupLine($"[red]✗[/] {Count(previouslyFailed.Count)} files are still failed from an earlier run: 'status' lists them and why, 'index <folder> --retry-failed' tries them again.");
        }

        if (!RenderNoIndexableFiles(result) && result.Unsupported.Count + result.SkippedLinks.Count > 0)
        {
            AnsiConsole.MarkupLine($"[grey]Not indexed: {TerminalText.Escape(SkippedFilesText.Describe(result.UnsupportedByType, result.SkippedLinks.Count))}.[/]");
        }

        RenderKept(result);
    }

    /// <summary>Says so when the folder holds no file to index, with the files skipped for their type; returns whether it did.</summary>
    public static bool RenderNoIndexableFiles(FolderSyncResult result)
    {
        int found = result.Added.Count + result.Changed.Count + result.Renamed.Count + result.Unchanged + result.Failed.Count;
        if (found > 0)
        {
            return false;
        }

        string skipped = result.Unsupported.Count + result.SkippedLinks.Count > 0 ? $" ({SkippedFilesText.Describe(result.UnsupportedByType, result.SkippedLinks.Count)})" : string.Empty;
        AnsiConsole.MarkupLine($"[yellow]![/] No indexable files found{TerminalText.Escape(skipped)}.");
        return true;
    }

    /// <summary>Says which folders could not be listed and how many documents were kept although their file was not found.</summary>
    public static void RenderKept(FolderSyncResult result)
    {
        foreach (string folder in result.UnreadableFolders)
        {
            AnsiConsole.MarkupLine($"[yellow]![/] Could not list '{TerminalText.Escape(folder.Length == 0 ? "." : folder)}': its documents are kept, not deleted.");
        }

        if (result.Missing.Count > 0)
        {
            AnsiConsole.MarkupLine($"[yellow]![/] {Count(result.Missing.Count)} indexed documents were kept although their file was not found; 'index <folder>' removes those whose file is really gone.");
        }

        foreach (IngestionWarning warning in result.Warnings)
        {
            AnsiConsole.MarkupLine($"[yellow]![/] {Markup.Escape(warning.Path)}: {Markup.Escape(warning.Message)}");
        }
    }

    public static object ToJson(FolderSyncResult result, CliConfiguration configuration, IReadOnlyList<string> previouslyFailed) => new
    {
        index = configuration.IndexPath,
        folder = configuration.Folder,
        added = result.Added,
        changed = result.Changed,
        renamed = result.Renamed.Select(r => new { from = r.From, to = r.To }),
        deleted = result.Deleted,
        missing = result.Missing,
        unreadableFolders = result.UnreadableFolders,
        unchanged = result.Unchanged,
        failed = result.Failed.Select(f => new { path = f.Path, reason = f.Reason }),
        previouslyFailed,
        unsupported = result.Unsupported,
        unsupportedByType = SkippedFilesText.ToJson(result.UnsupportedByType),
        skippedLinks = result.SkippedLinks,
        warnings = result.Warnings.Select(w => new { path = w.Path, message = w.Message }),
        chunksEmbedded = result.ChunksEmbedded,
        reembedded = result.Reembedded,
        elapsedMs = (long)result.Elapsed.TotalMilliseconds,
    };

    private static async Task<FolderSyncResult> RunAsync(RagSession session, string folder, IngestionOptions options, bool reembed, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return reembed
                ? await session.Ingestor.ReembedFolderAsync(folder, options, progress, cancellationToken)
                : await session.Ingestor.SyncFolderAsync(folder, options, progress, cancellationToken);
        }
        catch (MassDeletionException ex)
        {
            throw new CliException(ex.Message + $" If the files are really gone, run 'index {folder}{(reembed ? " --reembed" : string.Empty)} --allow-mass-delete'.", ExitCodes.Failure, ex);
        }
        catch (EmbeddingModelMismatchException ex)
        {
            throw new CliException(ex.Message + " Run 'index <folder> --reembed' with the same embedding-model setting to rebuild the index with that model.", ExitCodes.IndexUnavailable, ex);
        }
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string? path) =>
        path is null ? string.Empty : path.Length <= 40 ? path : "…" + path[^39..];

    /// <summary>Hands each progress report to two listeners.</summary>
    private sealed class ProgressPair(IProgress<IngestionProgress> first, IProgress<IngestionProgress> second) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            first.Report(value);
            second.Report(value);
        }
    }
}
