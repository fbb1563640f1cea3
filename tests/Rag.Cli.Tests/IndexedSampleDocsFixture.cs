// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// One copy of the sample folder, indexed once by <c>rag-cli index --json</c>, shared by the tests that only read it
/// (each process start costs about a second, so indexing per test would be slow).
/// </summary>
public sealed class IndexedSampleDocsFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _root = new();

    /// <summary>Gets the working directory the CLI runs in (holds no settings file).</summary>
    public string WorkingDirectory => _root.Path;

    /// <summary>Gets the indexed copy of <c>samples/docs</c>.</summary>
    public string Folder { get; private set; } = string.Empty;

    /// <summary>Gets the index file in its default place.</summary>
    public string IndexPath => Path.Combine(Folder, ".rag", "index.db");

    /// <summary>Gets the result of the first, full <c>index --json</c>.</summary>
    public CliResult InitialIndex { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Folder = SampleDocs.CopyTo(_root);
        InitialIndex = await RunAsync("index", Folder, "--json");
    }

    /// <summary>Runs the CLI in <see cref="WorkingDirectory"/>.</summary>
    public Task<CliResult> RunAsync(params string[] arguments) => CliProcess.RunAsync(WorkingDirectory, arguments);

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }
}
