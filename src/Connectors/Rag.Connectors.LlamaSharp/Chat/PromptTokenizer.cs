// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text;
using LLama;
using LLama.Native;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// Tokenises a prompt rendered by the chat template: the template's own text with special-token parsing on (its turn
/// markers become control tokens), the quoted spans (<see cref="TemplateControlTokens.Quote"/>) with it off, so text from
/// a message can never become a control token.
/// </summary>
/// <remarks>
/// Text is cut only next to a control token of the template, where llama.cpp cuts it anyway, so a prompt without control
/// tokens in its messages tokenises exactly as it would in one piece (a SentencePiece model's leading space included).
/// Thread-safe: stateless.
/// </remarks>
internal static class PromptTokenizer
{
    /// <summary>Removes the quote marks from a rendered prompt, for logging.</summary>
    /// <param name="rendered">The rendered prompt.</param>
    /// <returns>Its text as the model reads it.</returns>
    public static string Plain(string rendered) =>
        rendered.Replace(TemplateControlTokens.QuoteStart.ToString(), string.Empty, System.StringComparison.Ordinal)
            .Replace(TemplateControlTokens.QuoteEnd.ToString(), string.Empty, System.StringComparison.Ordinal);

    /// <summary>Tokenises a rendered prompt.</summary>
    /// <param name="weights">The model.</param>
    /// <param name="rendered">The prompt, its untrusted spans quoted.</param>
    /// <param name="tokens">The model's control tokens.</param>
    /// <param name="addBos">Whether to start with BOS.</param>
    /// <returns>The tokens.</returns>
    public static List<LLamaToken> Tokenize(LLamaWeights weights, string rendered, TemplateControlTokens tokens, bool addBos)
    {
        var result = new List<LLamaToken>();
        var raw = new StringBuilder();
        bool first = true;

        void Emit(string text, bool special)
        {
            if (text.Length > 0 || (first && addBos))
            {
                result.AddRange(weights.Tokenize(text, add_bos: first && addBos, special, Encoding.UTF8));
                first = false;
            }
        }

        void FlushRaw()
        {
            Emit(raw.ToString(), special: false);
            raw.Clear();
        }

        foreach ((string text, bool quoted) in Segments(rendered))
        {
            if (quoted || !tokens.TryFindSpan(text, out int start, out int end))
            {
                raw.Append(text);
                continue;
            }

            // Template text before its first control token continues the raw run; text after its last one starts the next.
            raw.Append(text, 0, start);
            FlushRaw();
            Emit(text[start..end], special: true);
            raw.Append(text, end, text.Length - end);
        }

        FlushRaw();
        return result;
    }

    /// <summary>Splits a rendered prompt into template text and quoted spans, dropping the quote marks.</summary>
    private static List<(string Text, bool Quoted)> Segments(string rendered)
    {
        var segments = new List<(string, bool)>();
        var current = new StringBuilder();
        bool quoted = false;
        foreach (char c in rendered)
        {
            if (c is TemplateControlTokens.QuoteStart or TemplateControlTokens.QuoteEnd)
            {
                if (current.Length > 0)
                {
                    segments.Add((current.ToString(), quoted));
                    current.Clear();
                }

                quoted = c == TemplateControlTokens.QuoteStart;
                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            segments.Add((current.ToString(), quoted));
        }

        return segments;
    }
}
