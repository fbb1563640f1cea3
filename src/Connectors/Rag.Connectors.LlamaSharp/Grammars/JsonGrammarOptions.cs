// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp.Grammars;

/// <summary>
/// Bounds applied when a JSON schema is compiled to a GBNF grammar. Bounds keep a small model from looping forever
/// inside a construct the grammar would otherwise let grow without end (whitespace, free strings, open arrays).
/// </summary>
internal sealed class JsonGrammarOptions
{
    /// <summary>Gets the shared default instance. Do not mutate it.</summary>
    public static JsonGrammarOptions Default { get; } = new();

    /// <summary>Gets or sets the most whitespace characters allowed at each place JSON allows whitespace.</summary>
    /// <value>The default is 2.</value>
    public int MaxWhitespace { get; set; } = 2;

    /// <summary>Gets or sets the length bound for strings whose schema has no <c>maxLength</c>.</summary>
    /// <value>The default is <see langword="null"/>: unbounded (generation is then bounded only by the token limit).</value>
    public int? MaxStringLength { get; set; }

    /// <summary>Gets or sets the item bound for arrays (and free-form objects) whose schema has no <c>maxItems</c>.</summary>
    /// <value>The default is <see langword="null"/>: unbounded.</value>
    public int? MaxArrayItems { get; set; }

    /// <summary>Gets or sets the nesting depth allowed for free-form JSON values (schema <c>{}</c>, or plain JSON output).</summary>
    /// <value>The default is 3.</value>
    public int MaxAnyValueDepth { get; set; } = 3;

    /// <summary>Gets or sets the most digits of an integer (or of the integer part of a number).</summary>
    /// <value>The default is 15, which a <see cref="double"/> holds exactly.</value>
    public int MaxIntegerDigits { get; set; } = 15;

    /// <summary>Gets or sets the most digits after the decimal point of a number.</summary>
    /// <value>The default is 6.</value>
    public int MaxFractionDigits { get; set; } = 6;
}
