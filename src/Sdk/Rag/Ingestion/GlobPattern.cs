// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Ingestion;

/// <summary>A compiled glob over '/'-separated relative paths: <c>*</c> (within a segment), <c>?</c>, <c>[abc]</c>, <c>**</c> (any depth).</summary>
internal sealed class GlobPattern
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;

    private GlobPattern(Regex regex) => _regex = regex;

    /// <summary>Creates a pattern matched against the whole relative path; a pattern without '/' matches a name at any depth when <paramref name="floating"/> is set.</summary>
    public static GlobPattern Create(string glob, bool floating)
    {
        var builder = new StringBuilder("^");
        if (floating)
        {
            builder.Append("(?:.*/)?");
        }

        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    bool slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                    if (slashAfter)
                    {
                        builder.Append("(?:.*/)?");
                        i += 2;
                    }
                    else
                    {
                        builder.Append(".*");
                        i++;
                    }

                    break;
                case '*':
                    builder.Append("[^/]*");
                    break;
                case '?':
                    builder.Append("[^/]");
                    break;
                case '[':
                    int close = glob.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        string set = glob[(i + 1)..close].Replace("\\", "\\\\", StringComparison.Ordinal);
                        builder.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                        i = close;
                    }
                    else
                    {
                        builder.Append("\\[");
                    }

                    break;
                case '/' when i + 3 == glob.Length && glob.EndsWith("/**", StringComparison.Ordinal):
                    builder.Append("(?:/.*)?");
                    i = glob.Length;
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        builder.Append('$');
        return new GlobPattern(new Regex(builder.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_timeout));
    }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);
}
