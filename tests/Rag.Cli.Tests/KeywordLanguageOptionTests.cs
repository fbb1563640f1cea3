// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// The keyword language setting: <c>--keyword-language</c>, <c>RAG_KEYWORD_LANGUAGE</c> and <c>keywordLanguage</c> in
/// rag.json are applied to the index, an unset setting keeps the index's own, and an unknown name fails naming its source.
/// </summary>
public sealed class KeywordLanguageOptionTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly string _folder;

    public KeywordLanguageOptionTests()
    {
        _folder = Path.Combine(_root.Path, "docs");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "apagar.md"), "# Cómo apagar el equipo\n\nPara apagar el sistema, el administrador ejecuta la orden systemctl poweroff y espera a que los discos se sincronicen.\n");
        File.WriteAllText(Path.Combine(_folder, "network.md"), "# The network\n\nNetwork interfaces are configured in a text file that the system reads when it boots.\n");
    }

    private string IndexPath => Path.Combine(_folder, ".rag", "index.db");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Index_KeywordLanguage_IsAppliedFromEachSource_AndKeptWhenUnset()
    {
        (await RunAsync(["index", _folder, "--keyword-language", "Spanish"])).AssertExitCode(0);
        Assert.Equal("spanish", StoredSetting());

        (await RunAsync(["index", _folder])).AssertExitCode(0);
        Assert.Equal("spanish", StoredSetting()); // unset: the index's own setting, not the default

        (await RunAsync(["index", _folder], new Dictionary<string, string> { ["RAG_KEYWORD_LANGUAGE"] = "english" })).AssertExitCode(0);
        Assert.Equal("english", StoredSetting());

        await File.WriteAllTextAsync(Path.Combine(_root.Path, "rag.json"), """{ "keywordLanguage": "auto" }""", TestContext.Current.CancellationToken);
        (await RunAsync(["index", _folder])).AssertExitCode(0);
        Assert.Equal("auto", StoredSetting());
    }

    [Theory]
    [InlineData("flag", "--keyword-language 'klingon'")]
    [InlineData("env", "RAG_KEYWORD_LANGUAGE 'klingon'")]
    [InlineData("file", "keywordLanguage in 'rag.json' 'klingon'")]
    public async Task Index_UnknownKeywordLanguage_ExitsUsageNamingTheSourceAndTheChoices_AndKeepsTheIndex(string source, string named)
    {
        (await RunAsync(["index", _folder, "--keyword-language", "spanish"])).AssertExitCode(0);
        string[] arguments = source == "flag" ? ["index", _folder, "--keyword-language", "klingon"] : ["index", _folder];
        var environment = new Dictionary<string, string>();
        if (source == "env")
        {
            environment["RAG_KEYWORD_LANGUAGE"] = "klingon";
        }
        else if (source == "file")
        {
            await File.WriteAllTextAsync(Path.Combine(_root.Path, "rag.json"), """{ "keywordLanguage": "klingon" }""", TestContext.Current.CancellationToken);
        }

        CliResult result = (await RunAsync(arguments, environment)).AssertExitCode(2);

        Assert.Contains($"{named} is not a keyword language; use one of: auto, english, spanish.", result.FlatStandardError, StringComparison.Ordinal);
        Assert.Equal("spanish", StoredSetting());
    }

    private Task<CliResult> RunAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        CliProcess.RunAsync(_root.Path, arguments, environment);

    /// <summary>The language part of the keyword analysis mark the store wrote (<c>version:language</c>).</summary>
    private string StoredSetting()
    {
        using var connection = new SqliteConnection($"Data Source={IndexPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM rag_meta WHERE key = 'knowledge.keyword_analysis';";
        return ((string)command.ExecuteScalar()!).Split(':')[1];
    }
}
