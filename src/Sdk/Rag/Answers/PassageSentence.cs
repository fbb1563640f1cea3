// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>One sentence of a retrieved passage, as the extractive answerer sees it.</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Paragraph">The index of its paragraph in the passage.</param>
/// <param name="Kind">The kind of its paragraph.</param>
/// <param name="Term">The term its paragraph defines (an option such as <c>-b, --benchmark</c>), when it is a definition.</param>
/// <param name="IsBody">Whether it is body text that may be quoted (not a heading, a contents line, code or a repeated heading).</param>
internal readonly record struct PassageSentence(string Text, int Paragraph, TextParagraphKind Kind, string? Term, bool IsBody);
