// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Rag.TestUtilities;

namespace Rag.Packaging.Tests;

/// <summary>
/// The packages as a customer meets them: packed into a local feed, referenced by version from fresh apps outside the
/// solution, built once (see <see cref="ConsumerApps"/>), run against the sample documents.
/// </summary>
public sealed class ConsumerAppTests(ConsumerApps apps) : IClassFixture<ConsumerApps>
{
    private const string Question = "How many vacation days do new employees get?";
    // What an app's output may hold besides the native runtimes and its one model: managed assemblies and config.
    private const long ManagedBudgetBytes = 60L << 20;

    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(4);

    // Microsoft.ML.* packages an app may resolve: the ONNX Runtime managed API and native CPU build, the tokenizers.
    // Anything else (Microsoft.ML itself, SentenceTransformers.*) would mean the embedded models' packages leaked.
    private static readonly string[] s_allowedMicrosoftMl = ["Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Managed", "Microsoft.ML.Tokenizers"];

    private static string DocsFolder => ConsumerApps.RepositoryFile("samples", "docs");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Pack_EveryShippableProject_ProducesPackageWithMetadataAndSymbols()
    {
        Assert.NotEmpty(apps.ShippableProjects);
        foreach (string project in apps.ShippableProjects.Where(p => !ConsumerApps.ModelPackages.Contains(Path.GetFileNameWithoutExtension(p))))
        {
            string id = Path.GetFileNameWithoutExtension(project);
            string package = Path.Combine(apps.FeedDirectory, $"{id}.{apps.Version}.nupkg");
            Assert.True(File.Exists(package), $"{package} was not packed");
            using ZipArchive zip = ZipFile.OpenRead(package);
            XElement metadata = Nuspec(zip);
            Assert.Equal("MIT", Value(metadata, "license"));
            Assert.Equal("README.md", Value(metadata, "readme"));
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")), $"{id} has no description");
            Assert.Contains("rag", Value(metadata, "tags").Split(' '));
            Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.dll"));
            Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.xml"));

            string symbols = Path.ChangeExtension(package, ".snupkg");
            Assert.True(File.Exists(symbols), $"{symbols} was not packed");
            using ZipArchive symbolZip = ZipFile.OpenRead(symbols);
            Assert.NotNull(symbolZip.GetEntry($"lib/net10.0/{id}.pdb"));
        }
    }

    [Theory]
    [InlineData("Rag.Connectors.Onnx.Models.MiniLM", "MiniLM", false)]
    [InlineData("Rag.Connectors.Onnx.Models.ArcticXs", "ArcticXs", true)]
    public void Pack_ModelPackage_HoldsOnlyItsModelFilesAndCopyTargets(string id, string folder, bool hasInt8)
    {
        string package = Path.Combine(apps.FeedDirectory, $"{id}.{apps.Version}.nupkg");
        using ZipArchive zip = ZipFile.OpenRead(package);
        XElement metadata = Nuspec(zip);
        string[] payload = [.. zip.Entries.Select(e => e.FullName).Where(n => !n.EndsWith(".nuspec", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal)
            && !n.StartsWith('_') && n != "[Content_Types].xml").Order(StringComparer.Ordinal)];

        string[] expected = [.. new[] { "README.md", $"buildTransitive/{id}.targets", $"rag-models/{folder}/model.onnx", $"rag-models/{folder}/vocab.txt" }
            .Concat(hasInt8 ? [$"rag-models/{folder}/model.int8.onnx"] : []).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, payload);
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")), $"{id} has no description");
    }

    [Fact]
    public void Pack_Sizes_ConnectorWithoutModelsAndDefaultModelWithinTargets()
    {
        long connector = new FileInfo(Path.Combine(apps.FeedDirectory, $"Rag.Connectors.Onnx.{apps.Version}.nupkg")).Length;
        long defaultModel = new FileInfo(Path.Combine(apps.FeedDirectory, $"Rag.Connectors.Onnx.Models.MiniLM.{apps.Version}.nupkg")).Length;
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(apps.FeedDirectory, $"Rag.Connectors.Onnx.{apps.Version}.nupkg"));

        Assert.True(connector <= 1 << 20, $"Rag.Connectors.Onnx is {Size(connector)} (target: 1 MiB)");
        Assert.True(defaultModel <= 100L << 20, $"Rag.Connectors.Onnx.Models.MiniLM is {Size(defaultModel)} (target: 100 MiB)");
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".onnx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoNativeRuntimeApp_FirstEmbedding_NamesPackageToAdd()
    {
        string work = Directory.CreateDirectory(Path.Combine(apps.Root, "run-no-native")).FullName;
        string app = Path.Combine(ConsumerApps.OutputDirectory(apps.NoNativeRuntimeAppDirectory), "NoNativeRuntime.dll");

        string output = await ProcessRunner.RunAsync(work, "dotnet", [app], s_runTimeout);

        Assert.Contains("error: ONNX Runtime's native library (onnxruntime) could not be loaded", output, StringComparison.Ordinal);
        Assert.Contains("dotnet add package Microsoft.ML.OnnxRuntime", output, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_OnnxConnector_DependsOnManagedRuntimeOnly()
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(apps.FeedDirectory, $"Rag.Connectors.Onnx.{apps.Version}.nupkg"));
        string[] dependencies = Nuspec(zip).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToArray();

        Assert.Contains("Microsoft.ML.OnnxRuntime.Managed", dependencies);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", dependencies);
        Assert.DoesNotContain(dependencies, d => d.StartsWith("SentenceTransformers", StringComparison.OrdinalIgnoreCase) || d == "Microsoft.ML");
    }

    [Fact]
    public async Task ConsoleApp_NoChatModel_AnswersExtractivelyWithCitation()
    {
        string output = await RunConsoleAppAsync("extractive", DocsFolder, Question);

        Assert.Contains(", 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("Answer (extractive):", output, StringComparison.Ordinal);
        Assert.Contains("25 days", Line(output, "Answer ("), StringComparison.Ordinal);
        Assert.Contains(Lines(output, "Cited: "), l => l.Contains("time-off.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConsoleApp_TinyLlamaModel_AnswersGenerated()
    {
        string model = TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);

        string output = await RunConsoleAppAsync("generated", DocsFolder, Question, model);

        // The 260K-parameter model writes stories, not grounded prose: what matters is that llama.cpp loaded from the
        // app's backend package and generated from the retrieved sources.
        Assert.Contains("Answer (generated):", output, StringComparison.Ordinal);
        Assert.Contains(Lines(output, "Source: "), l => l.Contains("time-off.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tool_InstalledFromTheFeed_AnswersWithCitationUnderItsShortName()
    {
        // Arrange: a fresh copy of the documents (the CLI keeps its index in the folder).
        string work = Directory.CreateDirectory(Path.Combine(apps.Root, "run-tool")).FullName;
        string folder = Path.Combine(work, "docs");
        foreach (string file in Directory.EnumerateFiles(DocsFolder, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(folder, Path.GetRelativePath(DocsFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        string rag = Path.Combine(apps.ToolDirectory, OperatingSystem.IsWindows() ? "rag.exe" : "rag");

        // Act
        string version = await ProcessRunner.RunAsync(work, rag, ["--version"], s_runTimeout);
        string answer = await ProcessRunner.RunAsync(work, rag, ["ask", Question, "--folder", folder], s_runTimeout);

        // Assert
        Assert.StartsWith(apps.Version, version.Trim(), StringComparison.Ordinal);
        Assert.Contains("25 days", answer, StringComparison.Ordinal);
        Assert.Contains("time-off.md", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebApp_AskAfterSync_ReturnsCitedAnswer()
    {
        // Arrange
        string work = Directory.CreateDirectory(Path.Combine(apps.Root, "run-web")).FullName;
        var output = new StringBuilder();
        string[] arguments =
        [
            Path.Combine(ConsumerApps.OutputDirectory(apps.WebAppDirectory), "WebConsumer.dll"),
            "--urls", "http://127.0.0.1:0", "--Rag:Folder", DocsFolder, "--Rag:Database", Path.Combine(work, "knowledge.db"),
        ];
        using System.Diagnostics.Process process = ProcessRunner.Start(work, "dotnet", arguments, output);
        try
        {
            Uri baseAddress = await WaitForListeningAsync(process, output);
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = s_runTimeout };

            // Act
            using HttpResponseMessage sync = await client.PostAsync(new Uri("/sync", UriKind.Relative), content: null, Ct);
            string syncBody = await sync.Content.ReadAsStringAsync(Ct);
            JsonElement answer = await client.GetFromJsonAsync<JsonElement>(new Uri("/ask?q=" + Uri.EscapeDataString(Question), UriKind.Relative), Ct);

            // Assert
            Assert.True(sync.IsSuccessStatusCode, syncBody);
            Assert.Equal(0, JsonDocument.Parse(syncBody).RootElement.GetProperty("failed").GetInt32());
            Assert.True(answer.GetProperty("extractive").GetBoolean());
            Assert.Contains("25 days", answer.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetString()!.Contains("time-off.md", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
    }

    [Fact]
    public async Task ResolvedGraph_ConsumerApps_HaveNoUnexpectedPackages()
    {
        var report = new StringBuilder();
        report.AppendLine($"# Consumer report (Rag {apps.Version})").AppendLine();
        report.AppendLine("## Packages (local feed)").AppendLine().AppendLine("| package | nupkg | snupkg |").AppendLine("| --- | ---: | ---: |");
        foreach (string package in Directory.EnumerateFiles(apps.FeedDirectory, "*.nupkg").Order(StringComparer.Ordinal))
        {
            string symbols = Path.ChangeExtension(package, ".snupkg");
            report.AppendLine($"| {Path.GetFileName(package)} | {Size(new FileInfo(package).Length)} | {(File.Exists(symbols) ? Size(new FileInfo(symbols).Length) : "— (content only)")} |");
        }

        foreach ((string name, string directory) in new[] { ("console", apps.ConsoleAppDirectory), ("web", apps.WebAppDirectory) })
        {
            // Arrange
            using JsonDocument assets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "obj", "project.assets.json"), Ct));
            Dictionary<string, string> packages = assets.RootElement.GetProperty("libraries").EnumerateObject()
                .Where(l => l.Value.GetProperty("type").GetString() == "package")
                .Select(l => l.Name.Split('/'))
                .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
            string[] topLevel = assets.RootElement.GetProperty("project").GetProperty("frameworks").GetProperty("net10.0").GetProperty("dependencies")
                .EnumerateObject().Select(d => d.Name).ToArray();
            string output = ConsumerApps.OutputDirectory(directory);
            string[] files = Directory.GetFiles(output, "*", SearchOption.AllDirectories);
            long outputBytes = files.Sum(f => new FileInfo(f).Length);

            // Assert
            Assert.DoesNotContain(packages.Keys, id => id.StartsWith("SentenceTransformers", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(packages.Keys, id => id.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase) && !s_allowedMicrosoftMl.Contains(id, StringComparer.OrdinalIgnoreCase));
            Assert.Equal(packages["Microsoft.ML.OnnxRuntime"], packages["Microsoft.ML.OnnxRuntime.Managed"]);
            Assert.All(packages.Where(p => p.Key.StartsWith("Rag", StringComparison.Ordinal)), p => Assert.Equal(apps.Version, p.Value));
            Assert.Contains("Rag.Abstractions", packages.Keys);
            Assert.Single(files, f => f.Replace('\\', '/').EndsWith("runtimes/linux-x64/native/libonnxruntime.so", StringComparison.Ordinal));
            Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith("SentenceTransformers", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(f) == "Microsoft.ML.dll");

            // One model (the default, from its own package), read from the file: none inside an assembly.
            string[] modelFiles = [.. files.Where(f => f.Replace('\\', '/').Contains("/rag-models/", StringComparison.Ordinal)).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];
            Assert.Equal(["rag-models/MiniLM/model.onnx", "rag-models/MiniLM/vocab.txt"], modelFiles);
            long modelBytes = files.Where(f => modelFiles.Contains(Path.GetRelativePath(output, f).Replace('\\', '/'))).Sum(f => new FileInfo(f).Length);
            long nativeBytes = files.Where(f => f.Replace('\\', '/').Contains("/runtimes/", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
            long managedBytes = outputBytes - modelBytes - nativeBytes;
            Assert.True(managedBytes <= ManagedBudgetBytes, $"{name} app: {Size(managedBytes)} besides the native runtimes and the model (budget {Size(ManagedBudgetBytes)})");

            report.AppendLine().AppendLine($"## {name} app").AppendLine();
            report.AppendLine($"- packages: {topLevel.Length} top-level, {packages.Count - topLevel.Length} transitive, {packages.Count} in all");
            report.AppendLine($"- build output (bin/Release/net10.0): {Size(outputBytes)} in {files.Length} files: native runtimes (runtimes/) {Size(nativeBytes)}, the model (rag-models/MiniLM) {Size(modelBytes)}, the rest {Size(managedBytes)}, of which Rag.Connectors.Onnx.dll {Size(files.Where(f => Path.GetFileName(f) == "Rag.Connectors.Onnx.dll").Sum(f => new FileInfo(f).Length))}");
            report.AppendLine($"- top-level: {string.Join(", ", topLevel.Order(StringComparer.Ordinal).Select(t => $"{t} {packages[t]}"))}");
            report.AppendLine($"- transitive: {string.Join(", ", packages.Keys.Except(topLevel, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).Select(t => $"{t} {packages[t]}"))}");
        }

        report.AppendLine().AppendLine("## Timings").AppendLine().AppendJoin('\n', apps.Timings.Select(t => "- " + t)).AppendLine();
        string reportPath = ConsumerApps.RepositoryFile("artifacts", "packaging", "consumer-report.md");
        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
        await File.WriteAllTextAsync(reportPath, report.ToString(), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
    }

    private async Task<string> RunConsoleAppAsync(string run, params string[] arguments)
    {
        string work = Directory.CreateDirectory(Path.Combine(apps.Root, "run-" + run)).FullName;
        string app = Path.Combine(ConsumerApps.OutputDirectory(apps.ConsoleAppDirectory), "ConsoleConsumer.dll");
        string output = await ProcessRunner.RunAsync(work, "dotnet", [app, .. arguments], s_runTimeout);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        return output;
    }

    private static async Task<Uri> WaitForListeningAsync(System.Diagnostics.Process process, StringBuilder output)
    {
        const string Marker = "Now listening on: ";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            string text = ProcessRunner.Snapshot(output);
            int at = text.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return new Uri(text[(at + Marker.Length)..].Split('\n')[0].Trim());
            }

            Assert.False(process.HasExited, "The web app exited:\n" + text);
            await Task.Delay(200, Ct);
        }

        throw new TimeoutException("The web app did not start listening:\n" + ProcessRunner.Snapshot(output));
    }

    private static XElement Nuspec(ZipArchive zip)
    {
        ZipArchiveEntry entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Value(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;

    private static string Line(string output, string prefix) => Lines(output, prefix).First();

    private static string[] Lines(string output, string prefix) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    private static string Size(long bytes) => bytes >= 1 << 20
        ? $"{bytes / (1024.0 * 1024):F1} MiB"
        : $"{bytes / 1024.0:F1} KiB";
}
