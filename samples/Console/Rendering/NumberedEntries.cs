// Copyright (c) Rag contributors. Licensed under the MIT License.

using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rag.Cli.Rendering;

/// <summary>
/// Writes numbered entries (a search hit, a cited source) with a hanging indent: the number stands alone in its column,
/// and every wrapped line of the heading and the passage starts under the heading's first letter. Output that is not a
/// terminal is not wrapped, so there the entry is two plain lines, with no padding.
/// </summary>
internal static class NumberedEntries
{
    /// <summary>Writes one entry: <paramref name="number"/>, then <paramref name="heading"/> and <paramref name="body"/> (markup) below each other.</summary>
    public static void Write(string number, string heading, string body)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.MarkupLine($"{number} {heading}");
            AnsiConsole.MarkupLine(new string(' ', Markup.Remove(number).Length + 1) + body);
            return;
        }

        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(1));
        grid.AddColumn(new GridColumn().PadRight(0));
        grid.AddRow(new Markup(number), new Rows(new IRenderable[] { new Markup(heading), new Markup(body) }));
        AnsiConsole.Write(grid);
    }
}
