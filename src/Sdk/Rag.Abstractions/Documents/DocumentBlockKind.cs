// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>The structural role of a <see cref="DocumentBlock"/>, which the chunker uses to choose boundaries.</summary>
public enum DocumentBlockKind
{
    /// <summary>Running text.</summary>
    Paragraph = 0,

    /// <summary>A heading; its text is also the last entry of the following blocks' heading path.</summary>
    Heading = 1,

    /// <summary>A list item.</summary>
    ListItem = 2,

    /// <summary>One table row, written with its header cell names (for example <c>Name: Ada; Role: Engineer</c>).</summary>
    TableRow = 3,

    /// <summary>Source code or preformatted text, kept line by line.</summary>
    Code = 4,
}
