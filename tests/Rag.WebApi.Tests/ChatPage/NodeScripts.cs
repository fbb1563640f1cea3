// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests.ChatPage;

/// <summary>
/// The Node scripts in <c>browser/</c> (the chat page in Chromium, the other origin's page, the official <c>openai</c>
/// npm client): finds Node and npm (skipped outside CI when absent) and installs the scripts' packages from the lock
/// file once, when <c>node_modules</c> lacks one of them.
/// </summary>
public static class NodeScripts
{
    private static readonly SemaphoreSlim s_npmInstall = new(1, 1);

    /// <summary>Gets the folder holding the scripts and their package.json.</summary>
    public static string Folder => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Rag.WebApi.Tests", "browser");

    /// <summary>Runs a script of <see cref="Folder"/> with Node and returns its exit code and output (also written to the test's output).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        string node = RequireTool("node", "node (Node.js 20)");
        await EnsurePackagesAsync(RequireTool("npm", "npm"), cancellationToken);
        (int exitCode, string output) = await ExternalProcess.RunAsync(node, [script, .. arguments], Folder, TimeSpan.FromSeconds(90), cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        return (exitCode, output);
    }

    // The tool's path; RequireResource skips the test (fails in CI) for a tool that is not on the PATH.
    private static string RequireTool(string name, string description) =>
        ExternalProcess.FindOnPath(name) ?? TestEnvironment.RequireResource($"<{description} on PATH>");

    private static async Task EnsurePackagesAsync(string npm, CancellationToken cancellationToken)
    {
        await s_npmInstall.WaitAsync(cancellationToken);
        try
        {
            using JsonDocument manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "package.json"), cancellationToken));
            if (manifest.RootElement.GetProperty("dependencies").EnumerateObject().All(p => File.Exists(Path.Combine(Folder, "node_modules", p.Name, "package.json"))))
            {
                return;
            }

            // --ignore-scripts: nothing runs at install (playwright-core downloads no browser; Debian's Chromium is used).
            (int exitCode, string output) = await ExternalProcess.RunAsync(
                npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], Folder, TimeSpan.FromMinutes(3), cancellationToken);
            Assert.True(exitCode == 0, $"npm ci failed in {Folder}:\n{output}");
        }
        finally
        {
            s_npmInstall.Release();
        }
    }
}
