// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Rag.Benchmarks.ApiDocs;

/// <summary>
/// A documentation retrieval corpus made from the XML documentation that ships with the .NET SDK's reference pack
/// (<c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net10.0/*.xml</c>), so it exists wherever the SDK does.
/// Each type with documented members is one Markdown document (its name, namespace and a list of its members with their
/// summaries); each query is a type's own summary, with the type's name removed, which is left out of the documents. A
/// query's one relevant document is its type: "find the API that does this" over a real documentation set.
/// </summary>
internal sealed partial class ApiDocsCorpus
{
    private const int MinimumQueryWords = 6;

    private ApiDocsCorpus(IReadOnlyDictionary<string, string> documents, IReadOnlyList<(string TypeName, string Query)> queries, string source)
    {
        Documents = documents;
        Queries = queries;
        Source = source;
    }

    /// <summary>Gets the Markdown text of each document, by type name (which is also its file name without extension).</summary>
    public IReadOnlyDictionary<string, string> Documents { get; }

    /// <summary>Gets every usable query: a type's summary and the type it describes.</summary>
    public IReadOnlyList<(string TypeName, string Query)> Queries { get; }

    /// <summary>Gets the folder the XML files were read from.</summary>
    public string Source { get; }

    /// <summary>Finds the reference pack of the running .NET (or uses <paramref name="xmlFolder"/>) and builds the corpus.</summary>
    public static ApiDocsCorpus Load(string? xmlFolder)
    {
        string folder = xmlFolder ?? FindReferencePackDocs();
        var types = new Dictionary<string, string?>(StringComparer.Ordinal); // type name -> summary
        var members = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal); // type -> member -> summaries
        foreach (string file in Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            XElement? root = TryLoad(file);
            foreach (XElement member in root?.Descendants("member") ?? [])
            {
                string id = (string?)member.Attribute("name") ?? string.Empty;
                string summary = Render(member.Element("summary"));
                if (id.StartsWith("T:", StringComparison.Ordinal))
                {
                    types[id[2..]] = summary.Length > 0 ? summary : null;
                }
                else if (id.Length > 2 && summary.Length > 0)
                {
                    (string typeName, string memberName) = SplitMember(id[2..]);
                    if (!members.TryGetValue(typeName, out Dictionary<string, List<string>>? byName))
                    {
                        members[typeName] = byName = new(StringComparer.Ordinal);
                    }

                    if (!byName.TryGetValue(memberName, out List<string>? summaries))
                    {
                        byName[memberName] = summaries = [];
                    }

                    if (!summaries.Contains(summary, StringComparer.Ordinal))
                    {
                        summaries.Add(summary); // overloads mostly repeat one summary
                    }
                }
            }
        }

        var documents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string typeName, Dictionary<string, List<string>> byName) in members)
        {
            if (types.ContainsKey(typeName))
            {
                int dot = typeName.LastIndexOf('.');
                IEnumerable<string> lines = byName.Select(m => $"- `{m.Key}`: {string.Join(' ', m.Value)}");
                documents[typeName] = $"# {ShortName(typeName)}\n\nNamespace: {(dot > 0 ? typeName[..dot] : string.Empty)}\n\n{string.Join('\n', lines)}\n";
            }
        }

        // A summary shared by several types cannot name one relevant document: those are left out.
        var summaryCounts = types.Values.Where(s => s is not null).CountBy(s => s!, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        List<(string, string)> queries = [];
        foreach ((string typeName, string? summary) in types.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (summary is null || summaryCounts[summary] > 1 || !documents.ContainsKey(typeName))
            {
                continue;
            }

            string query = WithoutName(summary, ShortName(typeName));
            if (query.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= MinimumQueryWords)
            {
                queries.Add((typeName, query));
            }
        }

        return new ApiDocsCorpus(documents, queries, folder);
    }

    /// <summary>Splits the queries into a tuning and a test split by a stable hash of the type name, and caps each.</summary>
    public (IReadOnlyList<(string TypeName, string Query)> Train, IReadOnlyList<(string TypeName, string Query)> Test) Split(int perSplit)
    {
        var train = new List<(string, string)>();
        var test = new List<(string, string)>();
        foreach ((string typeName, string query) in Queries.OrderBy(q => StableHash(q.TypeName)))
        {
            List<(string, string)> target = (StableHash("split:" + typeName) & 1) == 0 ? train : test;
            if (target.Count < perSplit)
            {
                target.Add((typeName, query));
            }
        }

        return (train, test);
    }

    /// <summary>The file name of a document (its type name with characters unsafe in file names replaced).</summary>
    public static string FileName(string typeName) => UnsafeFileNameCharacters().Replace(typeName, "_") + ".md";

    private static ulong StableHash(string text) => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static XElement? TryLoad(string file)
    {
        try
        {
            return XDocument.Load(file).Root;
        }
        catch (System.Xml.XmlException)
        {
            return null; // not an XML documentation file
        }
    }

    private static string FindReferencePackDocs()
    {
        // The running runtime lives in <dotnet>/shared/Microsoft.NETCore.App/<version>/.
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        string? best = Directory.Exists(packs)
            ? Directory.EnumerateDirectories(packs)
                .Select(d => Path.Combine(d, "ref", "net" + Environment.Version.ToString(2)))
                .Where(Directory.Exists)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out Version? v) ? v : new Version())
                .FirstOrDefault()
            : null;
        return best ?? throw new DirectoryNotFoundException(
            $"No .NET reference pack documentation under '{packs}'. Pass --xml-dir <folder with the reference pack's *.xml files>.");
    }

    private static (string TypeName, string MemberName) SplitMember(string id)
    {
        int paren = id.IndexOf('(', StringComparison.Ordinal);
        string path = paren >= 0 ? id[..paren] : id;
        int dot = path.LastIndexOf('.');
        string typeName = dot > 0 ? path[..dot] : path;
        string name = dot > 0 ? path[(dot + 1)..] : path;
        return (typeName, name == "#ctor" ? "constructor" : name);
    }

    private static string ShortName(string typeName)
    {
        string name = typeName[(typeName.LastIndexOf('.') + 1)..];
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick > 0 ? name[..tick] : name;
    }

    private static string WithoutName(string summary, string shortName) =>
        Whitespace().Replace(Regex.Replace(summary, $@"\b{Regex.Escape(shortName)}\b", " ", RegexOptions.CultureInvariant), " ").Trim();

    // Summaries as a reader sees them: cross-references become the referenced short name, keywords their text.
    private static string Render(XElement? element)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (XNode node in element.DescendantNodes())
        {
            switch (node)
            {
                case XText t when t.Parent is not null && t.Parent.Name != "see" && t.Parent.Name != "seealso":
                    text.Append(t.Value);
                    break;
                case XElement { Name.LocalName: "para" or "br" }:
                    text.Append(' ');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } e:
                    text.Append(e.Value.Length > 0 ? e.Value : RenderReference(e));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } e:
                    text.Append((string?)e.Attribute("name"));
                    break;
            }
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private static string RenderReference(XElement see)
    {
        string? reference = (string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? (string?)see.Attribute("href");
        if (reference is null)
        {
            return string.Empty;
        }

        string name = reference.Length > 2 && reference[1] == ':' ? reference[2..] : reference;
        int paren = name.IndexOf('(', StringComparison.Ordinal);
        name = paren >= 0 ? name[..paren] : name;
        return ShortName(name);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[^\w.\-]")]
    private static partial Regex UnsafeFileNameCharacters();
}
