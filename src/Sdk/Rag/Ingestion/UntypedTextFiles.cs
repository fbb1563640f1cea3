// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.IO;
using Rag.Ingestion.Readers;

namespace Rag.Ingestion;

/// <summary>
/// Recognises text files that no extension types: files without one (<c>README</c>, <c>LICENSE</c>, <c>Makefile</c>) and
/// the conventional documentation names with a suffix (<c>README.Debian</c>, <c>changelog.Debian</c>, <c>NEWS.old</c>),
/// by their content: they are read as plain text when their first bytes decode as text, and skipped otherwise.
/// </summary>
internal static class UntypedTextFiles
{
    private static readonly FrozenSet<string> s_documentationNames = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "readme", "license", "licence", "copying", "copyright", "changelog", "changes", "news", "authors", "contributors",
        "todo", "install", "notice", "history", "thanks", "bugs", "faq", "hacking");

    /// <summary>Gets whether a file name is one whose content decides whether it is text: no extension, or a documentation name with a suffix.</summary>
    /// <param name="name">The file name, without folders.</param>
    public static bool IsCandidate(string name)
    {
        if (name.Length == 0 || name[0] == '.')
        {
            return false;
        }

        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 || s_documentationNames.Contains(name[..dot]);
    }

    /// <summary>Reads the first bytes of an open file and says whether they are text.</summary>
    /// <param name="content">The file, positioned at its start.</param>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static bool IsText(Stream content)
    {
        byte[] head = new byte[TextDecoder.SniffLength];
        int length = 0;
        int read;
        while (length < head.Length && (read = content.Read(head, length, head.Length - length)) > 0)
        {
            length += read;
        }

        return TextDecoder.LooksLikeText(head.AsSpan(0, length));
    }
}
