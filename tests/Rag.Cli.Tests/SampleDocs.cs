// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>Fresh copies of <c>samples/docs</c>, the folder the README's main job answers from.</summary>
public static class SampleDocs
{
    /// <summary>Gets the files of the sample folder, relative and with '/' separators, as the index names them.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "benefits.pdf",
        "handbook/expenses.md",
        "handbook/remote-work.md",
        "handbook/time-off.md",
        "it/security.html",
        "offices.csv",
        "onboarding.docx",
    ];

    /// <summary>Copies <c>samples/docs</c> (without any index a developer may have built there) to <c>&lt;root&gt;/docs</c>.</summary>
    /// <returns>The copy's full path.</returns>
    public static string CopyTo(TemporaryDirectory root)
    {
        string source = Path.Combine(TestEnvironment.RepositoryRoot, "samples", "docs");
        string target = Path.Combine(root.Path, "docs");
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith(".rag", StringComparison.Ordinal))
            {
                continue;
            }

            string destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
