// Copyright (c) Rag contributors. Licensed under the MIT License.

// rag-cli: private Q&A over a folder of documents, from the terminal.
//   index <folder>         bring the folder's index up to date (progress, summary)
//   ask "<question>"        stream a grounded answer, then the cited sources
//   chat                    interactive conversation with follow-ups
//   search "<query>"        ranked passages with highlighted terms
//   status                  what is indexed, failures and why
//   model pull|list|remove  manage local GGUF chat models
//   model quantize          int8 copy of an ONNX embedding model, gated on quality
// --trace (any command) prints the time spent in each phase on standard error (TraceInterceptor).
// Exit codes: see ExitCodes.cs.

using Rag;
using Rag.Cli;
using Rag.Cli.Commands;
using Rag.Cli.Diagnostics;
using Rag.Cli.Interaction;
using Rag.Cli.Parsing;
using Rag.Cli.Rendering;
using Rag.Connectors.LlamaSharp;
using Microsoft.Extensions.VectorData;
using Spectre.Console;
using Spectre.Console.Cli;

CtrlC.Install();

// Without a terminal Spectre.Console assumes 80 columns and hard-wraps passages and tables there; piped output is read by
// programs and pagers, so it is not wrapped at all.
const int UnwrappedWidth = 100_000;
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = UnwrappedWidth;
}

var app = new CommandApp();
using var trace = new TraceInterceptor();
app.Configure(config =>
{
    config.SetInterceptor(trace);
    config.SetApplicationName("rag-cli");
    config.UseAssemblyInformationalVersion();
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<IndexCommand>("index").WithDescription("Index a folder of documents (only what changed is re-processed).").WithExample("index", "samples/docs");
    config.AddCommand<AskCommand>("ask").WithDescription("Ask a question; the answer cites its sources.").WithExample("ask", "\"How many vacation days do new employees get?\"", "--folder", "samples/docs").WithExample("ask", "\"How many vacation days do new employees get?\"", "--folder", "samples/docs", "--model", "qwen2.5-0.5b-instruct");
    config.AddCommand<ChatCommand>("chat").WithDescription("Interactive Q&A with follow-up questions (also reads questions piped to standard input).").WithExample("chat", "--folder", "samples/docs");
    config.AddCommand<SearchCommand>("search").WithDescription("Search passages (hybrid vector + keyword).").WithExample("search", "\"parental leave\"", "--folder", "samples/docs");
    config.AddCommand<StatusCommand>("status").WithDescription("Show what is indexed and which files failed.").WithExample("status", "--folder", "samples/docs");
    config.AddBranch("model", model =>
    {
        model.SetDescription("Manage local models: GGUF chat models, and int8 quantization of ONNX embedding models.");
        model.SetDefaultCommand<ModelBranchCommand>();
        model.AddCommand<ModelListCommand>("list").WithDescription("List recommended and downloaded models.");
        model.AddCommand<ModelPullCommand>("pull").WithDescription("Download a model by catalog name or URL.").WithExample("model", "pull", "qwen2.5-0.5b-instruct");
        model.AddCommand<ModelRemoveCommand>("remove").WithDescription("Delete a downloaded model.").WithExample("model", "remove", "qwen2.5-0.5b-instruct");
        model.AddCommand<ModelQuantizeCommand>("quantize").WithDescription("Make an int8 copy of an ONNX embedding model (refused when quality drops).")
            .WithExample("model", "quantize", "model.onnx", "model.int8.onnx", "--pooling", "cls");
    });
});

try
{
    return await app.RunAsync(args, CtrlC.CommandToken);
}
catch (Exception ex) when (Failure(ex, args) is { } failure)
{
    if (args.Contains("--json"))
    {
        // Scripts read one JSON document from standard output, an error included; the message also goes to standard error.
        JsonOutput.Write(new { error = new { code = ExitCodes.Name(failure.ExitCode), exitCode = failure.ExitCode, message = failure.Message } });
    }

    AnsiConsole.Console.Profile.Out = new AnsiConsoleOutput(Console.Error);
    if (Console.IsErrorRedirected)
    {
        AnsiConsole.Console.Profile.Width = UnwrappedWidth;
    }

    AnsiConsole.MarkupLine($"[red]Error:[/] {TerminalText.Escape(failure.Message)}");
    return failure.ExitCode;
}
finally
{
    trace.WriteSummary(Console.Error);
}

static (string Message, int ExitCode)? Failure(Exception ex, string[] args) => ex switch
{
    CliException cli => (cli.Message, cli.ExitCode),
    OperationCanceledException when args.FirstOrDefault() == "index" => ("Cancelled. The index is consistent: finished documents are kept, the rest is done on the next run.", ExitCodes.Cancelled),
    OperationCanceledException => ("Cancelled.", ExitCodes.Cancelled),
    CommandParseException or CommandRuntimeException => (UsageErrors.Describe(ex, args), ExitCodes.Usage),
    InvalidModelFileException model => (model.Message, ExitCodes.ModelError),
    EmbeddingModelMismatchException mismatch => (mismatch.Message + " Run 'index <folder> --reembed'.", ExitCodes.IndexUnavailable),
    VectorStoreException store => (store.Message, ExitCodes.IndexUnavailable),
    UnauthorizedAccessException access => (access.Message, ExitCodes.IndexUnavailable),
    IOException io => (io.Message, ExitCodes.IndexUnavailable),
    _ => (ex.GetType().Name + ": " + ex.Message, ExitCodes.Failure),
};
