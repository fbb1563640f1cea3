// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using System.Globalization;
using Rag.Cli.Downloads;
using Rag.Cli.Rendering;
using Rag.Connectors.LlamaSharp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary>
/// <c>model pull &lt;name|url&gt;</c>: downloads a GGUF model (resumable, verified, atomic) over https, with a timeout for
/// connecting and for each read; when the download fails it says where to fetch the file by hand.
/// </summary>
internal sealed class ModelPullCommand : AsyncCommand<ModelPullCommand.Settings>
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(30);

    public sealed class Settings : ModelSettings
    {
        [CommandArgument(0, "<NAME_OR_URL>")]
        [Description("A catalog name (see 'model list') or an https URL of a .gguf file.")]
        public string NameOrUrl { get; set; } = string.Empty;

        [CommandOption("--allow-http")]
        [Description("Accept a plain http:// URL (unencrypted: only on a network you trust).")]
        public bool AllowHttp { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Uri source = Resolve(settings.NameOrUrl, settings.AllowHttp, out string fileName);
        using HttpClient http = DownloadClient.Create(Timeout());
        using ModelStore store = settings.OpenStore(http);
        StoredModel model;
        try
        {
            model = await PullAsync(store, settings, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(source, fileName, store.RootDirectory, ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(source, fileName, store.RootDirectory, $"no answer within {Timeout().TotalSeconds:0} s", ex);
        }

        if (settings.Json)
        {
            JsonOutput.Write(new { file = model.FileName, path = model.Path, sizeBytes = model.SizeBytes });
        }
        else
        {
            AnsiConsole.MarkupLine($"[green]✓[/] {TerminalText.Escape(model.Path)} ({ByteSizes.Format(model.SizeBytes)}). Use it with --model {TerminalText.Escape(model.CatalogName ?? model.Path)}");
        }

        return ExitCodes.Success;
    }

    /// <summary>The URL to download and the file name it gets; a name that is neither a catalog entry nor an https URL of a .gguf file is an error.</summary>
    private static Uri Resolve(string nameOrUrl, bool allowHttp, out string fileName)
    {
        if (ModelCatalog.TryFind(nameOrUrl, out ModelCatalogEntry? entry))
        {
            fileName = entry.FileName;
            return entry.DownloadUri;
        }

        if (!Uri.TryCreate(nameOrUrl, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new CliException(
                $"No model is named '{nameOrUrl}'. Known names: {string.Join(", ", ModelCatalog.Models.Select(m => m.Name))}. Or give an https URL of a .gguf file.",
                ExitCodes.NotFound);
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp)
        {
            throw new CliException($"'{nameOrUrl}' is a plain http:// URL, which anyone on the network could tamper with. Use https, or add --allow-http on a network you trust.", ExitCodes.Usage);
        }

        fileName = Path.GetFileName(uri.AbsolutePath);
        return fileName.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
            ? uri
            : throw new CliException($"The URL '{nameOrUrl}' does not name a .gguf file.", ExitCodes.Usage);
    }

    private static async Task<StoredModel> PullAsync(ModelStore store, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Json || Console.IsOutputRedirected)
        {
            return await store.PullAsync(settings.NameOrUrl, progress: null, cancellationToken);
        }

        StoredModel? model = null;
        await AnsiConsole.Progress()
            .AutoClear(true) // a failed download leaves no half-drawn bar behind the error message
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                ProgressTask task = ctx.AddTask(TerminalText.Escape(settings.NameOrUrl), maxValue: 1);
                var progress = new Progress<ModelDownloadProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalBytes ?? p.BytesDownloaded);
                    task.Value = p.BytesDownloaded;
                });
                model = await store.PullAsync(settings.NameOrUrl, progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return model!;
    }

    private static CliException Unreachable(Uri source, string fileName, string modelsDirectory, string reason, Exception inner) =>
        new(
            $"Could not download {source} ({reason}). What was fetched is kept and the next 'model pull' resumes it. Offline, fetch that URL by hand and save it as "
            + $"'{Path.Combine(modelsDirectory, fileName)}', or pass any downloaded file with --model path/to/{fileName}.",
            ExitCodes.ModelError,
            inner);

    /// <summary>The connect and read timeout (env <c>RAG_DOWNLOAD_TIMEOUT_S</c>, default 30 s).</summary>
    private static TimeSpan Timeout() =>
        int.TryParse(Environment.GetEnvironmentVariable("RAG_DOWNLOAD_TIMEOUT_S"), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : s_defaultTimeout;
}
