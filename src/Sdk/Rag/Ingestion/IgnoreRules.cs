// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Ingestion;

/// <summary>The rules of the ignore files that apply in one folder (a gitignore subset); the last matching rule wins.</summary>
internal sealed class IgnoreRules
{
    private readonly List<Rule> _rules;

    private IgnoreRules(List<Rule> rules) => _rules = rules;

    public static IgnoreRules Empty { get; } = new([]);

    /// <summary>Adds the rules of an ignore file found in <paramref name="baseDirectory"/> ('' for the root, else a '/'-separated relative path).</summary>
    public IgnoreRules With(string baseDirectory, string ignoreFileText)
    {
        var rules = new List<Rule>(_rules);
        foreach (string rawLine in ignoreFileText.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r').Trim();
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
            rules.Add(new Rule(baseDirectory, GlobPattern.Create(line, floating: !anchored), negate, directoryOnly));
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
