// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>One paragraph of re-flowed text.</summary>
/// <param name="Text">The paragraph's text on one line.</param>
/// <param name="Kind">Its role.</param>
/// <param name="Term">For <see cref="TextParagraphKind.Definition"/>, the term being defined; otherwise <see langword="null"/>.</param>
internal readonly record struct TextParagraph(string Text, TextParagraphKind Kind, string? Term = null);
