// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Rag.Cli.Rendering;

/// <summary>Shows ranked passages with the query's terms highlighted.</summary>
internal static partial class SearchRenderer
{
    public static void Render(string query, IReadOnlyList<Source> results)
    {
        if (results.Count == 0)
        {
            AnsiConsole.MarkupLine("[yellow]No passage is relevant enough to this query.[/]");
            return;
        }

        HashSet<string> terms = [.. Words().Matches(query).Select(m => m.Value.ToLowerInvariant()).Where(t => t.Length > 2)];
        foreach (Source source in results)
        {
            NumberedEntries.Write(
                string.Create(CultureInfo.InvariantCulture, $"[bold]{source.Number}.[/]"),
                string.Create(CultureInfo.InvariantCulture, $"[blue]{TerminalText.Escape(source.Path)}[/] [grey]({TerminalText.Escape(Locations.Describe(source))}; score {source.Score:0.000}{(source.IsKeywordOnly ? "; keyword match only" : string.Empty)})[/]"),
                Highlight(source.Snippet, terms));
            AnsiConsole.WriteLine();
        }
    }

    /// <summary>Escapes <paramref name="text"/> for markup and wraps whole words that start with a query term in a highlight.</summary>
    internal static string Highlight(string text, IReadOnlySet<string> terms)
    {
        var builder = new StringBuilder();
        int last = 0;
        foreach (Match word in Words().Matches(text))
        {
            builder.Append(TerminalText.Escape(text[last..word.Index]));
            string lower = word.Value.ToLowerInvariant();
            bool hit = terms.Any(t => lower.StartsWith(t, StringComparison.Ordinal) || t.StartsWith(lower, StringComparison.Ordinal) && lower.Length > 3);
            builder.Append(hit ? $"[bold yellow]{TerminalText.Escape(word.Value)}[/]" : TerminalText.Escape(word.Value));
            last = word.Index + word.Length;
        }

        return builder.Append(TerminalText.Escape(text[last..])).ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
