// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using Rag.TestUtilities;

namespace Rag.Packaging.Tests;

/// <summary>
/// Packs every project under src/ into a local folder feed, then creates and builds (once) a fresh console app, a fresh
/// ASP.NET Core app and an app without the native ONNX Runtime outside the repository that reference the packages by
/// version, as a customer would.
/// </summary>
/// <remarks>
/// Isolation: the temporary root holds empty Directory.Build.props/targets and a Directory.Packages.props without
/// central versions, the repository's global.json, and a nuget.config whose sources are the local feed (for Rag*
/// only, by package source mapping) and the machine's public registry (everything else). Restored packages go to a
/// private packages folder, with the machine's folder as a read-only fallback, so nothing is written to it.
/// </remarks>
public sealed class ConsumerApps : IAsyncLifetime
{
    /// <summary>The SDK packages the getting-started app references.</summary>
    public static readonly string[] SdkPackages =
    [
        "Rag", "Rag.Connectors.Onnx", "Rag.Connectors.Onnx.Models.MiniLM", "Rag.Connectors.Sqlite", "Rag.Connectors.Pdf",
        "Rag.Connectors.OpenXml", "Rag.Connectors.LlamaSharp",
    ];

    /// <summary>The built-in embedding model packages: content only (model files and a buildTransitive targets file).</summary>
    public static readonly string[] ModelPackages = ["Rag.Connectors.Onnx.Models.MiniLM", "Rag.Connectors.Onnx.Models.ArcticXs"];

    /// <summary>The CLI, packed as a .NET tool (command <c>rag</c>).</summary>
    public const string ToolPackage = "Rag.Cli";

    /// <summary>The native engines the app chooses (CPU builds), as the connectors' READMEs tell it to.</summary>
    public static readonly string[] NativePackages = ["Microsoft.ML.OnnxRuntime", "LLamaSharp.Backend.Cpu"];

    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(6);

    private readonly TemporaryDirectory _root = new();

    public string Root => _root.Path;

    public string Version { get; private set; } = string.Empty;

    public string FeedDirectory => Path.Combine(Root, "feed");

    public string ConsoleAppDirectory => Path.Combine(Root, "ConsoleConsumer");

    public string WebAppDirectory => Path.Combine(Root, "WebConsumer");

    public string NoNativeRuntimeAppDirectory => Path.Combine(Root, "NoNativeRuntime");

    /// <summary>Gets the folder the CLI tool is installed into (<c>dotnet tool install --tool-path</c>).</summary>
    public string ToolDirectory => Path.Combine(Root, "tools");

    public IReadOnlyList<string> ShippableProjects { get; private set; } = [];

    public List<string> Timings { get; } = [];

    public static string RepositoryFile(params string[] parts) => Path.Combine([TestEnvironment.RepositoryRoot, .. parts]);

    public static string OutputDirectory(string appDirectory) => Path.Combine(appDirectory, "bin", "Release", "net10.0");

    public async ValueTask InitializeAsync()
    {
        Version = XDocument.Load(RepositoryFile("Directory.Build.props")).Descendants("Version").Single().Value;
        WriteIsolationFiles();
        await TimeAsync("pack", PackAsync);
        await TimeAsync("pack the CLI as a .NET tool", () => DotnetAsync(Root, s_packTimeout, "pack", RepositoryFile("samples", "Console", "Rag.Cli.csproj"), "-c", "Release", "-o", FeedDirectory, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"));
        await WriteNuGetConfigAsync();
        await TimeAsync("install the CLI tool", () => DotnetAsync(Root, s_buildTimeout, "tool", "install", ToolPackage, "--tool-path", ToolDirectory, "--version", Version));
        WriteConsoleApp();
        WriteWebApp();
        WriteNoNativeRuntimeApp();
        await TimeAsync("build console app (restore + build)", () => BuildAsync(ConsoleAppDirectory));
        await TimeAsync("build web app (restore + build)", () => BuildAsync(WebAppDirectory));
        await TimeAsync("build app without native ONNX Runtime (restore + build)", () => BuildAsync(NoNativeRuntimeAppDirectory));
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    public static Task<string> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync(workingDirectory, "dotnet", arguments, timeout);

    private async Task TimeAsync(string step, Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        Timings.Add($"{step}: {stopwatch.Elapsed.TotalSeconds:F0} s");
    }

    private void WriteIsolationFiles()
    {
        // Nothing from the repository (or a folder above the temp root) may leak into the consumer apps.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n");
        File.Copy(RepositoryFile("global.json"), Path.Combine(Root, "global.json"));
    }

    private async Task PackAsync()
    {
        // Every project under src/ ships. One 'dotnet pack' over a solution filter packs them in one build.
        ShippableProjects = Directory.EnumerateFiles(RepositoryFile("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(TestEnvironment.RepositoryRoot, p))
            .Order(StringComparer.Ordinal)
            .ToList();
        string filter = Path.Combine(Root, "Shippable.slnf");
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new
        {
            solution = new { path = RepositoryFile("Rag.sln"), projects = ShippableProjects },
        }));
        await DotnetAsync(Root, s_packTimeout, "pack", filter, "-c", "Release", "-o", FeedDirectory, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false");
    }

    private async Task WriteNuGetConfigAsync()
    {
        // The public registry this machine is configured with (the temp root has no nuget.config yet).
        string sources = await DotnetAsync(Root, TimeSpan.FromMinutes(1), "nuget", "list", "source", "--format", "short");
        string publicSource = sources.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('E') && l.Contains("://", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf(' ', StringComparison.Ordinal)..].Trim())
            .First();
        string locals = await DotnetAsync(Root, TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list");
        string machinePackages = locals[(locals.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();

        // A Rag package of this version in the machine folder would be used instead of the fresh one: refuse to test it.
        string[] stale = SdkPackages.Union(ModelPackages).Append("Rag.Abstractions").Append(ToolPackage)
            .Select(id => Path.Combine(machinePackages, id.ToLowerInvariant(), Version))
            .Where(Directory.Exists)
            .ToArray();
        Assert.True(stale.Length == 0, $"Stale packages in the machine's packages folder would shadow the packed ones; delete {string.Join(", ", stale)}");

        var config = new XDocument(new XElement("configuration",
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", Path.Combine(Root, "packages")))),
            new XElement("fallbackPackageFolders", new XElement("clear"), new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machinePackages))),
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "local"), new XAttribute("value", FeedDirectory)),
                new XElement("add", new XAttribute("key", "public"), new XAttribute("value", publicSource))),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "local"),
                    new XElement("package", new XAttribute("pattern", "Rag")),
                    new XElement("package", new XAttribute("pattern", "Rag.*"))),
                new XElement("packageSource", new XAttribute("key", "public"),
                    new XElement("package", new XAttribute("pattern", "*"))))));
        config.Save(Path.Combine(Root, "nuget.config"));
    }

    private void WriteConsoleApp()
    {
        Directory.CreateDirectory(ConsoleAppDirectory);
        File.Copy(RepositoryFile("tests", "Rag.Packaging.Tests", "Consumer", "Program.cs"), Path.Combine(ConsoleAppDirectory, "Program.cs"));
        File.WriteAllText(Path.Combine(ConsoleAppDirectory, "ConsoleConsumer.csproj"), ProjectFile("Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>", SdkPackages));
    }

    private void WriteWebApp()
    {
        Directory.CreateDirectory(WebAppDirectory);
        File.Copy(RepositoryFile("tests", "Rag.Packaging.Tests", "WebConsumer", "Program.cs"), Path.Combine(WebAppDirectory, "Program.cs"));
        string[] packages = SdkPackages.Where(p => p != "Rag.Connectors.LlamaSharp").ToArray();
        File.WriteAllText(Path.Combine(WebAppDirectory, "WebConsumer.csproj"), ProjectFile("Microsoft.NET.Sdk.Web", string.Empty, packages));
    }

    private void WriteNoNativeRuntimeApp()
    {
        Directory.CreateDirectory(NoNativeRuntimeAppDirectory);
        File.Copy(RepositoryFile("tests", "Rag.Packaging.Tests", "NoNativeRuntime", "Program.cs"), Path.Combine(NoNativeRuntimeAppDirectory, "Program.cs"));
        File.WriteAllText(Path.Combine(NoNativeRuntimeAppDirectory, "NoNativeRuntime.csproj"),
            ProjectFile("Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>", ["Rag.Connectors.Onnx", "Rag.Connectors.Onnx.Models.MiniLM"], withNatives: false));
    }

    private string ProjectFile(string sdk, string extraProperties, IEnumerable<string> sdkPackages, bool withNatives = true)
    {
        // Native engines at the versions the repository tests with.
        Dictionary<string, string> pinned = XDocument.Load(RepositoryFile("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);
        IEnumerable<string> natives = NativePackages.Where(p => withNatives && (sdkPackages.Contains("Rag.Connectors.LlamaSharp") || !p.StartsWith("LLamaSharp", StringComparison.Ordinal)));
        string references = string.Join("\n", sdkPackages.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{Version}\" />")
            .Concat(natives.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{pinned[p]}\" />")));
        return $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                {extraProperties}
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """;
    }

    private static Task BuildAsync(string appDirectory) =>
        DotnetAsync(appDirectory, s_buildTimeout, "build", "-c", "Release", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false");
}
