// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Rag.Ingestion;

/// <summary>
/// A compiled glob over '/'-separated relative paths, matched case-insensitively: <c>*</c> (within a segment), <c>?</c>,
/// <c>[abc]</c>, <c>[a-z]</c>, <c>[!abc]</c> (one character of a segment), <c>**</c> (any depth). The pattern is compiled to a
/// small automaton and matched by stepping all of its live states over the path at once, so a match costs at most
/// path length × pattern length steps whatever the pattern: nothing backtracks and nothing times out.
/// </summary>
internal sealed class GlobPattern
{
    private readonly Node[] _nodes;

    private GlobPattern(Node[] nodes) => _nodes = nodes;

    /// <summary>Creates a pattern matched against the whole relative path; a pattern without '/' matches a name at any depth when <paramref name="floating"/> is set.</summary>
    /// <exception cref="FormatException">The pattern holds an empty character class (<c>[!]</c>) or a reversed range (<c>[z-a]</c>).</exception>
    public static GlobPattern Create(string glob, bool floating)
    {
        var nodes = new List<Node>();
        if (floating)
        {
            AddAnyFolders(nodes);
        }

        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    if (i + 2 < glob.Length && glob[i + 2] == '/')
                    {
                        AddAnyFolders(nodes);
                        i += 2;
                    }
                    else
                    {
                        nodes.Add(Node.Repeat(CharTest.Any, nodes.Count));
                        i++;
                    }

                    break;
                case '*':
                    nodes.Add(Node.Repeat(CharTest.InSegment, nodes.Count));
                    break;
                case '?':
                    nodes.Add(Node.Step(CharTest.InSegment, nodes.Count));
                    break;
                case '[' when glob.IndexOf(']', i + 1) > i + 1:
                    int close = glob.IndexOf(']', i + 1);
                    nodes.Add(Node.Step(CharTest.Class(glob[(i + 1)..close]), nodes.Count));
                    i = close;
                    break;
                case '/' when i + 3 == glob.Length && glob.EndsWith("/**", StringComparison.Ordinal):
                    // "dir/**": the folder itself or anything below it.
                    int end = nodes.Count + 3;
                    nodes.Add(Node.Either(nodes.Count + 1, end));
                    nodes.Add(Node.Step(CharTest.Literal('/'), nodes.Count));
                    nodes.Add(Node.Repeat(CharTest.Any, nodes.Count));
                    i = glob.Length;
                    break;
                default:
                    nodes.Add(Node.Step(CharTest.Literal(c), nodes.Count));
                    break;
            }
        }

        return new GlobPattern([.. nodes]);
    }

    /// <summary>Gets whether the pattern matches the whole of <paramref name="relativePath"/>.</summary>
    public bool IsMatch(string relativePath)
    {
        int accept = _nodes.Length;
        var current = new StateSet(accept + 1);
        var next = new StateSet(accept + 1);
        AddWithClosure(current, 0);
        foreach (char c in relativePath)
        {
            next.Clear();
            foreach (int state in current.Members)
            {
                if (state < accept && _nodes[state].Test is { } test && test.Matches(c))
                {
                    AddWithClosure(next, _nodes[state].Target);
                }
            }

            if (next.Count == 0)
            {
                return false;
            }

            (current, next) = (next, current);
        }

        return current.Contains(accept);
    }

    /// <summary>"**/" or the floating prefix: nothing, or any characters up to and including a '/'.</summary>
    private static void AddAnyFolders(List<Node> nodes)
    {
        int start = nodes.Count;
        nodes.Add(Node.Either(start + 1, start + 3));
        nodes.Add(Node.Repeat(CharTest.Any, start + 1));
        nodes.Add(Node.Step(CharTest.Literal('/'), start + 2));
    }

    private void AddWithClosure(StateSet set, int state)
    {
        if (!set.Add(state) || state == _nodes.Length)
        {
            return;
        }

        Node node = _nodes[state];
        foreach (int target in node.Epsilon)
        {
            AddWithClosure(set, target);
        }
    }

    /// <summary>
    /// One automaton state: consumes a character that passes <see cref="Test"/> and moves to <see cref="Target"/>, and/or moves
    /// to each of <see cref="Epsilon"/> without consuming.
    /// </summary>
    private sealed record Node(CharTest? Test, int Target, int[] Epsilon)
    {
        /// <summary>Consumes one matching character, then goes on to the next state.</summary>
        public static Node Step(CharTest test, int self) => new(test, self + 1, []);

        /// <summary>Consumes any number of matching characters (staying here), or goes on to the next state.</summary>
        public static Node Repeat(CharTest test, int self) => new(test, self, [self + 1]);

        /// <summary>Goes on to either state without consuming.</summary>
        public static Node Either(int first, int second) => new(null, 0, [first, second]);
    }

    /// <summary>What one character must be: any, any but '/', one character (ignoring case), or a class of them.</summary>
    private sealed class CharTest
    {
        private readonly Func<char, bool> _test;

        private CharTest(Func<char, bool> test) => _test = test;

        public static CharTest Any { get; } = new(_ => true);

        public static CharTest InSegment { get; } = new(c => c != '/');

        public static CharTest Literal(char literal)
        {
            char upper = char.ToUpperInvariant(literal);
            return new(c => c == literal || char.ToUpperInvariant(c) == upper);
        }

        /// <summary>Parses the inside of "[...]": characters and ranges, negated by a leading '!' or '^'; never matches '/'.</summary>
        public static CharTest Class(string set)
        {
            bool negate = set[0] is '!' or '^';
            string body = negate ? set[1..] : set;
            if (body.Length == 0)
            {
                throw new FormatException($"the character class '[{set}]' is empty");
            }

            var ranges = new List<(char From, char To)>();
            for (int i = 0; i < body.Length; i++)
            {
                if (i + 2 < body.Length && body[i + 1] == '-')
                {
                    if (body[i + 2] < body[i])
                    {
                        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the range '{body[i]}-{body[i + 2]}' in '[{set}]' runs backwards"));
                    }

                    ranges.Add((body[i], body[i + 2]));
                    i += 2;
                }
                else
                {
                    ranges.Add((body[i], body[i]));
                }
            }

            return new(c => c != '/' && InRanges(ranges, c) != negate);
        }

        public bool Matches(char c) => _test(c);

        private static bool InRanges(List<(char From, char To)> ranges, char c)
        {
            char upper = char.ToUpperInvariant(c);
            char lower = char.ToLowerInvariant(c);
            foreach ((char from, char to) in ranges)
            {
                if ((c >= from && c <= to) || (upper >= from && upper <= to) || (lower >= from && lower <= to))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A set of automaton states with insertion-ordered members, cleared in time proportional to its size.</summary>
    private sealed class StateSet(int capacity)
    {
        private readonly bool[] _present = new bool[capacity];
        private readonly List<int> _members = new(capacity);

        public IReadOnlyList<int> Members => _members;

        public int Count => _members.Count;

        public bool Contains(int state) => _present[state];

        public bool Add(int state)
        {
            if (_present[state])
            {
                return false;
            }

            _present[state] = true;
            _members.Add(state);
            return true;
        }

        public void Clear()
        {
            foreach (int state in _members)
            {
                _present[state] = false;
            }

            _members.Clear();
        }
    }
}
