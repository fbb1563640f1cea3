// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Cli.Configuration;
using Rag.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary><c>status</c>: what is indexed, with which embedding model, which files failed and why, and which files of the folder are skipped for their type.</summary>
internal sealed class StatusCommand : AsyncCommand<KnowledgeBaseSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, KnowledgeBaseSettings settings, CancellationToken cancellationToken)
    {
        CliConfiguration configuration = CliConfiguration.Resolve(settings);
        if (!File.Exists(configuration.IndexPath))
        {
            throw new CliException($"No index at '{configuration.IndexPath}'. Run 'index <folder>' first.", ExitCodes.NotFound);
        }

        await using RagSession session = await RagSession.OpenAsync(configuration, useChatModel: false, readOnly: true, cancellationToken);
        EmbeddingModelInfo? model = await session.Store.GetEmbeddingModelAsync(cancellationToken);
        IReadOnlyList<DocumentRecord> documents = await session.Store.GetDocumentsAsync(cancellationToken);
        DocumentRecord[] failed = [.. documents.Where(d => d.Status == DocumentStatus.Failed)];
        int chunks = documents.Sum(d => d.ChunkCount);
        SkippedFiles skipped = configuration.Folder is { } folder && Directory.Exists(folder)
            ? await session.Ingestor.ListSkippedFilesAsync(folder, FolderIndexer.ScanOptions(new IngestionOptions()), cancellationToken)
            : new SkippedFiles([], []);

        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                index = configuration.IndexPath,
                folder = configuration.Folder,
                embeddingModel = model,
                documents = documents.Count - failed.Length,
                chunks,
                failed = failed.Select(f => new { path = f.Path, reason = f.Error }),
                unsupported = skipped.Unsupported,
                unsupportedByType = SkippedFilesText.ToJson(skipped.UnsupportedByType),
                skippedLinks = skipped.Links,
                files = documents.Select(d => new { path = d.Path, status = d.Status, chunks = d.ChunkCount, indexedAt = d.IndexedAt }),
            });
            return ExitCodes.Success;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Index", TerminalText.Escape(configuration.IndexPath));
        grid.AddRow("Folder", TerminalText.Escape(configuration.Folder ?? "—"));
        grid.AddRow("Embedding model", TerminalText.Escape(model is null ? "—" : $"{model.ModelId} ({model.Dimensions} dimensions)"));
        grid.AddRow("Documents", (documents.Count - failed.Length).ToString(CultureInfo.InvariantCulture));
        grid.AddRow("Chunks", chunks.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("Failed", failed.Length.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("Not indexed", TerminalText.Escape(skipped.Count == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"{skipped.Count} ({SkippedFilesText.Describe(skipped.UnsupportedByType, skipped.Links.Count)})")));
        AnsiConsole.Write(new Panel(grid).Header("Knowledge base").Border(BoxBorder.Rounded));

        var table = new Table().Border(TableBorder.Simple).AddColumns("File", "Type", "Chunks", "Indexed");
        foreach (DocumentRecord d in documents.Where(d => d.Status == DocumentStatus.Indexed))
        {
            table.AddRow(TerminalText.Escape(d.Path), d.FileType, d.ChunkCount.ToString(CultureInfo.InvariantCulture), d.IndexedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (DocumentRecord f in failed)
        {
            AnsiConsole.MarkupLine($"[red]✗[/] {TerminalText.Escape(f.Path)}: {TerminalText.Escape(f.Error ?? "unknown error")}");
        }

        return ExitCodes.Success;
    }
}
