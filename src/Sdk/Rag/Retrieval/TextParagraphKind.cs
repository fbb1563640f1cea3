// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>The role of a <see cref="TextParagraph"/> in re-flowed text.</summary>
internal enum TextParagraphKind
{
    /// <summary>Running text, possibly re-flowed from several hard-wrapped lines.</summary>
    Prose,

    /// <summary>A Markdown heading or a short stand-alone label line without terminal punctuation.</summary>
    Heading,

    /// <summary>A list item, without its marker.</summary>
    ListItem,

    /// <summary>A definition row: a term (an option such as <c>-b, --benchmark</c>) and its description, joined by " — ".</summary>
    Definition,

    /// <summary>A table row, its cells joined by "; ".</summary>
    TableRow,

    /// <summary>A contents or index line with a dot leader and a page number ("Header file........ 4").</summary>
    Contents,

    /// <summary>A code fence line or a line that reads as code.</summary>
    Code,
}
