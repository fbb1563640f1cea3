// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Rag.Benchmarks;

/// <summary>Collects a benchmark run's figures: prints each line as it comes and writes a Markdown report at the end.</summary>
internal sealed class BenchmarkReport
{
    private readonly StringBuilder _markdown = new();

    public BenchmarkReport(string title)
    {
        _markdown.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        _markdown.AppendLine(CultureInfo.InvariantCulture, $"- Date (UTC): {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm}");
        _markdown.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
        _markdown.AppendLine(CultureInfo.InvariantCulture, $"- Commit: {GitCommit()}").AppendLine();
    }

    /// <summary>Starts a section.</summary>
    public void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}");
        _markdown.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine();
    }

    /// <summary>Adds a free-text line.</summary>
    public void Line(string text)
    {
        Console.WriteLine(text);
        _markdown.AppendLine(text).AppendLine();
    }

    /// <summary>Adds a table (first row is the header).</summary>
    public void Table(IReadOnlyList<string[]> rows)
    {
        int[] widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (string[] row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))));
        }

        _markdown.AppendLine("| " + string.Join(" | ", rows[0]) + " |");
        _markdown.AppendLine("|" + string.Concat(rows[0].Select(_ => " --- |")));
        foreach (string[] row in rows.Skip(1))
        {
            _markdown.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        _markdown.AppendLine();
    }

    /// <summary>Writes the Markdown report.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, _markdown.ToString());
        Console.WriteLine();
        Console.WriteLine($"Report written to {Path.GetFullPath(path)}");
    }

    private static string GitCommit()
    {
        try
        {
            using Process git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
