// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace Rag.Reliability;

/// <summary>Generates seeded folders of small text documents whose every sentence carries its file and version marker.</summary>
internal static class CorpusGenerator
{
    private static readonly string[] s_topics =
    [
        "vacation", "expenses", "laptops", "parking", "security", "travel", "payroll", "onboarding", "benefits", "training",
        "insurance", "pension", "hardware", "printing", "meetings", "offices", "visitors", "badges", "recycling", "wellness",
    ];

    private static readonly string[] s_verbs = ["covers", "explains", "limits", "describes", "requires", "allows", "sets", "lists"];

    private static readonly string[] s_objects =
    [
        "the approval steps", "the yearly allowance", "the deadline for claims", "the contact person", "the form to file",
        "the maximum amount", "the notice period", "the team budget", "the reimbursement rate", "the exceptions",
    ];

    /// <summary>Gets the topic words questions can be asked about.</summary>
    public static IReadOnlyList<string> Topics => s_topics;

    /// <summary>The marker every sentence of a file version carries (e.g. <c>doc7v3</c>).</summary>
    public static string Marker(int file, int version) => string.Create(CultureInfo.InvariantCulture, $"doc{file}v{version}");

    /// <summary>Writes <paramref name="count"/> documents of a few paragraphs each; returns their paths.</summary>
    public static IReadOnlyList<string> WriteFolder(string folder, int count, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var paths = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"note-{i:D4}.txt"));
            File.WriteAllText(path, Document(i, 0, random));
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>Builds the text of version <paramref name="version"/> of file <paramref name="file"/>.</summary>
    public static string Document(int file, int version, Random random)
    {
        string marker = Marker(file, version);
        var text = new StringBuilder();
        int paragraphs = random.Next(2, 5);
        for (int p = 0; p < paragraphs; p++)
        {
            int sentences = random.Next(3, 7);
            for (int s = 0; s < sentences; s++)
            {
                string topic = s_topics[random.Next(s_topics.Length)];
                text.Append(CultureInfo.InvariantCulture, $"The {topic} policy {marker} {s_verbs[random.Next(s_verbs.Length)]} {s_objects[random.Next(s_objects.Length)]} for item {random.Next(1000)}. ");
            }

            text.Append("\n\n");
        }

        return text.ToString();
    }
}
