// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Packaging.Tests;

/// <summary>The README's getting-started is the code and the package list that <see cref="ConsumerAppTests"/> builds and runs.</summary>
public sealed class GettingStartedTests
{
    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public void Readme_GettingStarted_IsTheConsumerProgramVerbatim()
    {
        string readme = Normalize(File.ReadAllText(ConsumerApps.RepositoryFile("README.md")));
        string program = Normalize(File.ReadAllText(ConsumerApps.RepositoryFile("tests", "Rag.Packaging.Tests", "Consumer", "Program.cs")));

        Assert.Contains("```csharp\n" + program + "```\n", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_GettingStarted_AddsEveryPackageTheConsumerReferences()
    {
        string readme = File.ReadAllText(ConsumerApps.RepositoryFile("README.md"));

        Assert.All(ConsumerApps.SdkPackages.Concat(ConsumerApps.NativePackages), package =>
            Assert.Contains($"dotnet add package {package}\n", Normalize(readme), StringComparison.Ordinal));
    }
}
