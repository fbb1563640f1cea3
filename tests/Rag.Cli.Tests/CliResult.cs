// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rag.Cli.Tests;

/// <summary>What one run of the CLI printed and returned.</summary>
public sealed partial record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Gets standard output with every run of whitespace collapsed to one space, so a fact wrapped by the
    /// terminal renderer (80 columns when redirected) still reads as one phrase.</summary>
    public string FlatOutput => Whitespace().Replace(StandardOutput, " ");

    /// <summary>Gets standard error with every run of whitespace collapsed to one space (error messages are wrapped too).</summary>
    public string FlatStandardError => Whitespace().Replace(StandardError, " ");

    /// <summary>Parses standard output as the one JSON document <c>--json</c> promises.</summary>
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(StandardOutput);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"Standard output is not one JSON document ({ex.Message}):\n{this}");
        }
    }

    /// <summary>Asserts the exit code, showing both streams when it differs.</summary>
    public CliResult AssertExitCode(int expected)
    {
        Assert.True(ExitCode == expected, $"Expected exit code {expected}, got {ExitCode}.\n{this}");
        return this;
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
