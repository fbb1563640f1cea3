// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Spectre.Console.Cli;

namespace Rag.Cli.Configuration;

/// <summary>Options of the commands that query an index: ask, chat and search.</summary>
internal class QuerySettings : KnowledgeBaseSettings
{
    [CommandOption("-k|--top <N>")]
    [Description("How many passages to retrieve (default 5).")]
    public int? Top { get; set; }

    [CommandOption("--path <PREFIX>")]
    [Description("Only search documents whose path starts with this prefix (relative to the folder, '/' separators).")]
    public string? PathPrefix { get; set; }

    [CommandOption("--type <EXT>")]
    [Description("Only search these file types (for example: --type pdf --type md).")]
    public string[] FileTypes { get; set; } = [];

    [CommandOption("--no-sync")]
    [Description("Do not bring the index up to date with the folder first.")]
    public bool NoSync { get; set; }

    public SearchOptions ToSearchOptions(CliConfiguration configuration) => new()
    {
        Top = Top ?? configuration.Top,
        Filter = PathPrefix is null && FileTypes.Length == 0
            ? null
            : new ChunkFilter { PathPrefix = PathPrefix, FileTypes = [.. FileTypes.Select(t => t.TrimStart('.').ToLowerInvariant())] },
    };
}
