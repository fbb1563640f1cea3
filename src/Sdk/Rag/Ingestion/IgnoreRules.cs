// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Rag.Ingestion;

/// <summary>
/// The rules of the ignore files that apply in one folder (a gitignore subset); the last matching rule wins. A line that is
/// not a valid pattern is skipped and reported with its file and line number, so one bad line never stops a sync.
/// </summary>
internal sealed class IgnoreRules
{
    private readonly List<Rule> _rules;

    private IgnoreRules(List<Rule> rules) => _rules = rules;

    public static IgnoreRules Empty { get; } = new([]);

    /// <summary>Adds the rules of an ignore file found in <paramref name="baseDirectory"/> ('' for the root, else a '/'-separated relative path).</summary>
    /// <param name="baseDirectory">The folder of the ignore file, relative to the synced folder.</param>
    /// <param name="ignoreFilePath">The ignore file's path relative to the synced folder, as warnings name it.</param>
    /// <param name="ignoreFileText">The ignore file's text.</param>
    /// <param name="warnings">Receives one warning per line skipped because it is not a valid pattern.</param>
    public IgnoreRules With(string baseDirectory, string ignoreFilePath, string ignoreFileText, ICollection<IngestionWarning> warnings)
    {
        var rules = new List<Rule>(_rules);
        string[] lines = ignoreFileText.Split('\n');
        for (int number = 1; number <= lines.Length; number++)
        {
            string line = lines[number - 1].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            bool negate = line.StartsWith('!');
            if (negate)
            {
                line = line[1..];
            }

            bool directoryOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            if (line.Length == 0)
            {
                continue;
            }

            bool anchored = line.Contains('/', StringComparison.Ordinal);
            line = line.TrimStart('/');
            try
            {
                rules.Add(new Rule(baseDirectory, GlobPattern.Create(line, floating: !anchored), negate, directoryOnly));
            }
            catch (FormatException ex)
            {
                warnings.Add(new IngestionWarning(ignoreFilePath, string.Create(CultureInfo.InvariantCulture, $"line {number}: '{lines[number - 1].Trim()}' is not a valid pattern ({ex.Message}); the line was skipped.")));
            }
        }

        return new IgnoreRules(rules);
    }

    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        bool ignored = false;
        foreach (Rule rule in _rules)
        {
            if (rule.DirectoryOnly && !isDirectory)
            {
                continue;
            }

            string path = relativePath;
            if (rule.BaseDirectory.Length > 0)
            {
                if (!relativePath.StartsWith(rule.BaseDirectory + "/", StringComparison.Ordinal))
                {
                    continue;
                }

                path = relativePath[(rule.BaseDirectory.Length + 1)..];
            }

            if (rule.Pattern.IsMatch(path))
            {
                ignored = !rule.Negate;
            }
        }

        return ignored;
    }

    private sealed record Rule(string BaseDirectory, GlobPattern Pattern, bool Negate, bool DirectoryOnly);
}
