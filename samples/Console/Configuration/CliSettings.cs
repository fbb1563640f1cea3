// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Spectre.Console.Cli;

namespace Rag.Cli.Configuration;

/// <summary>Options every command accepts.</summary>
internal class CliSettings : CommandSettings
{
    [CommandOption("--trace")]
    [Description("Print the time spent in each phase (scan, read, chunk, embed, store, retrieve, generate) on standard error.")]
    public bool Trace { get; set; }
}
