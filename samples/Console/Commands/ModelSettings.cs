// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Rag.Cli.Configuration;
using Rag.Connectors.LlamaSharp;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary>Options of the <c>model</c> commands.</summary>
internal class ModelSettings : CliSettings
{
    [CommandOption("--models-dir <DIR>")]
    [Description("Where GGUF models are kept (env RAG_MODELS_DIR).")]
    public string? ModelsDirectory { get; set; }

    [CommandOption("--json")]
    [Description("Write machine-readable JSON to standard output.")]
    public bool Json { get; set; }

    /// <summary>Opens the model store; <paramref name="httpClient"/> downloads (the store's own client when <see langword="null"/>).</summary>
    public ModelStore OpenStore(HttpClient? httpClient = null) => new(ModelsDirectory ?? ModelStore.DefaultRootDirectory, httpClient);
}
