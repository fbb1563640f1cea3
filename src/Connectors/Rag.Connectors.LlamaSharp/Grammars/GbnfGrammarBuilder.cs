// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Rag.Connectors.LlamaSharp.Grammars;

/// <summary>
/// Accumulates the named rules of a llama.cpp GBNF grammar, gives each a unique valid name, and writes the grammar text.
/// </summary>
/// <remarks>Not thread-safe: one builder per grammar.</remarks>
internal sealed class GbnfGrammarBuilder
{
    /// <summary>The name of the start rule written by <see cref="Build"/>.</summary>
    public const string RootRuleName = "root";

    private readonly List<KeyValuePair<string, string?>> _rules = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Gets the number of rules added so far (the root excluded).</summary>
    public int Count => _rules.Count;

    /// <summary>Adds a rule under a fresh name derived from <paramref name="nameHint"/>.</summary>
    /// <param name="nameHint">A readable hint; characters GBNF does not allow in names are replaced.</param>
    /// <param name="body">The rule's right-hand side.</param>
    /// <returns>The rule's name.</returns>
    public string Add(string nameHint, string body)
    {
        string name = Reserve(nameHint);
        Define(name, body);
        return name;
    }

    /// <summary>Adds a rule under exactly <paramref name="name"/> once; later calls return the existing rule.</summary>
    /// <param name="name">A valid GBNF rule name.</param>
    /// <param name="body">The rule's right-hand side.</param>
    /// <returns><paramref name="name"/>.</returns>
    public string GetOrAdd(string name, string body)
    {
        if (!_index.ContainsKey(name))
        {
            _index[name] = _rules.Count;
            _rules.Add(new(name, body));
        }

        return name;
    }

    /// <summary>Returns whether a rule of that exact name exists.</summary>
    /// <param name="name">The rule name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>Reserves a fresh rule name, to be given a body later with <see cref="Define"/> (for rules that refer to themselves indirectly).</summary>
    /// <param name="nameHint">A readable hint.</param>
    /// <returns>The reserved name.</returns>
    public string Reserve(string nameHint)
    {
        string stem = Sanitize(nameHint);
        string name = stem;
        for (int i = 2; _index.ContainsKey(name) || name == RootRuleName; i++)
        {
            name = stem + "-" + i.ToString(CultureInfo.InvariantCulture);
        }

        _index[name] = _rules.Count;
        _rules.Add(new(name, null));
        return name;
    }

    /// <summary>Gives a reserved rule its body.</summary>
    /// <param name="name">A name from <see cref="Reserve"/>.</param>
    /// <param name="body">The rule's right-hand side.</param>
    public void Define(string name, string body)
    {
        int i = _index[name];
        _rules[i] = new(name, body);
    }

    /// <summary>Writes the grammar: <c>root ::= rootBody</c> followed by every rule.</summary>
    /// <param name="rootBody">The body of the root rule.</param>
    /// <returns>The GBNF text.</returns>
    /// <exception cref="InvalidOperationException">A reserved rule was never defined.</exception>
    public string Build(string rootBody)
    {
        var text = new StringBuilder();
        text.Append(RootRuleName).Append(" ::= ").Append(rootBody).Append('\n');
        foreach (KeyValuePair<string, string?> rule in _rules)
        {
            if (rule.Value is null)
            {
                throw new InvalidOperationException($"GBNF rule '{rule.Key}' was reserved but never defined.");
            }

            text.Append(rule.Key).Append(" ::= ").Append(rule.Value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Quotes <paramref name="text"/> as a GBNF string literal.</summary>
    /// <param name="text">The exact text to match.</param>
    /// <returns>The literal, with quotes, backslashes and control characters escaped.</returns>
    public static string Literal(string text)
    {
        var quoted = new StringBuilder(text.Length + 2);
        quoted.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        quoted.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>Writes <paramref name="item"/> repeated between <paramref name="min"/> and <paramref name="max"/> times.</summary>
    /// <param name="item">A GBNF expression (wrapped in parentheses here).</param>
    /// <param name="min">The fewest repetitions.</param>
    /// <param name="max">The most repetitions, or <see langword="null"/> for no bound.</param>
    /// <returns>The GBNF expression; <c>""</c> when exactly zero repetitions are allowed.</returns>
    public static string Repeat(string item, int min, int? max)
    {
        string group = "(" + item + ")";
        string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
        return (min, max) switch
        {
            (_, 0) => "\"\"",
            (0, null) => group + "*",
            (1, null) => group + "+",
            (_, null) => group + "{" + Count(min) + ",}",
            (0, 1) => group + "?",
            _ when min == max => group + "{" + Count(min) + "}",
            _ => group + "{" + Count(min) + "," + Count(max.Value) + "}",
        };
    }

    private static string Sanitize(string hint)
    {
        var name = new StringBuilder(hint.Length);
        foreach (char c in hint)
        {
            bool valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
            if (valid)
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        string result = name.ToString().Trim('-');
        if (result.Length > 48)
        {
            result = result[..48].TrimEnd('-');
        }

        return result.Length == 0 ? "r" : result;
    }
}
