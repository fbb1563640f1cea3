// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace Rag.Connectors.LlamaSharp.Tests.Grammars;

/// <summary>
/// A structural check of GBNF text independent of llama.cpp: one definition per rule, valid names, balanced groups,
/// closed literals and classes, every referenced rule defined, a root rule, no unreachable rule.
/// </summary>
internal static partial class GbnfLint
{
    public static IReadOnlyList<string> Check(string gbnf)
    {
        var problems = new List<string>();
        var definitions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in gbnf.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int arrow = line.IndexOf(" ::= ", StringComparison.Ordinal);
            if (arrow <= 0)
            {
                problems.Add($"not a rule: {line}");
                continue;
            }

            string name = line[..arrow];
            if (!NameRegex().IsMatch(name))
            {
                problems.Add($"invalid rule name '{name}'");
            }

            if (!definitions.TryAdd(name, line[(arrow + 5)..]))
            {
                problems.Add($"rule '{name}' defined twice");
            }
        }

        if (!definitions.ContainsKey("root"))
        {
            problems.Add("no root rule");
        }

        var references = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((string name, string body) in definitions)
        {
            references[name] = Tokenize(name, body, problems);
            foreach (string reference in references[name].Where(r => !definitions.ContainsKey(r)))
            {
                problems.Add($"rule '{name}' refers to undefined rule '{reference}'");
            }
        }

        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(["root"]);
        while (pending.Count > 0)
        {
            string rule = pending.Pop();
            if (reachable.Add(rule) && references.TryGetValue(rule, out List<string>? next))
            {
                next.ForEach(pending.Push);
            }
        }

        problems.AddRange(definitions.Keys.Where(k => !reachable.Contains(k)).Select(k => $"rule '{k}' is unreachable"));
        return problems;
    }

    private static List<string> Tokenize(string rule, string body, List<string> problems)
    {
        var references = new List<string>();
        int depth = 0;
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c is '"' or '[')
            {
                char close = c == '"' ? '"' : ']';
                int j = i + 1;
                while (j < body.Length && body[j] != close)
                {
                    j += body[j] == '\\' ? 2 : 1;
                }

                if (j >= body.Length)
                {
                    problems.Add($"rule '{rule}': unclosed {c}");
                }

                i = j;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
                if (depth < 0)
                {
                    problems.Add($"rule '{rule}': unbalanced ')'");
                }
            }
            else if (c == '{')
            {
                int end = body.IndexOf('}', i);
                if (end < 0 || !RepetitionRegex().IsMatch(body[i..(end + 1)]))
                {
                    problems.Add($"rule '{rule}': bad repetition at {i}");
                }

                i = Math.Max(i, end);
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                int j = i;
                while (j < body.Length && (char.IsAsciiLetterOrDigit(body[j]) || body[j] == '-'))
                {
                    j++;
                }

                references.Add(body[i..j]);
                i = j - 1;
            }
            else if (c is not (' ' or '|' or '*' or '+' or '?'))
            {
                problems.Add($"rule '{rule}': unexpected '{c}' at {i}");
            }
        }

        if (depth != 0)
        {
            problems.Add($"rule '{rule}': unbalanced '('");
        }

        return references;
    }

    [GeneratedRegex("^[a-zA-Z0-9-]+$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^\{[0-9]+(,[0-9]*)?\}$")]
    private static partial Regex RepetitionRegex();
}
