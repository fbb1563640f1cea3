// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Text.RegularExpressions;

namespace Rag.Benchmarks.DebianReference;

/// <summary>
/// The Debian Reference (Debian package <c>debian-reference-es</c>, <c>-fr</c>, …: HTML chapters
/// <c>/usr/share/debian-reference/chNN.LANG.html</c>) cut into one document per section (h2–h4 heading to the next),
/// keyed by the section's anchor id, which is the same in every translation.
/// </summary>
internal static partial class DebianReferenceCorpus
{
    /// <summary>A section: its anchor id, heading (without its number) and text.</summary>
    public sealed record Section(string Id, string Title, string Text);

    /// <summary>Reads every section of the chapters of one language in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<Section> Load(string folder, string language)
    {
        string[] chapters = [.. Directory.EnumerateFiles(folder, $"ch*.{language}.html").Order(StringComparer.Ordinal)];
        if (chapters.Length == 0)
        {
            throw new FileNotFoundException($"No Debian Reference chapters ch*.{language}.html in '{folder}'; install the Debian package debian-reference-{language} (apt-get install debian-reference-{language}) or pass --corpus <folder>.");
        }

        var sections = new List<Section>();
        foreach (string chapter in chapters)
        {
            string html = File.ReadAllText(chapter);
            MatchCollection headings = Heading().Matches(html);
            for (int i = 0; i < headings.Count; i++)
            {
                int start = headings[i].Index + headings[i].Length;
                int end = i + 1 < headings.Count ? headings[i + 1].Index : html.Length;
                string title = Number().Replace(PlainText(headings[i].Groups["title"].Value), string.Empty);
                sections.Add(new Section(headings[i].Groups["id"].Value, title, PlainText(html[start..end])));
            }
        }

        return sections;
    }

    private static string PlainText(string html) => Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("""<h[2-4] class="title"[^>]*><a id="(?<id>[^"]+)"\s*/?>(?:</a>)?(?<title>.*?)</h[2-4]>""", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("^[0-9.]+ ")]
    private static partial Regex Number();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
