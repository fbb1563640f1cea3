// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using LLama;
using LLama.Native;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// The control tokens of the loaded model, read from its GGUF vocabulary: every token marked control, and the
/// user-defined tokens its chat template writes (Qwen's <c>&lt;tool_call&gt;</c>, DeepSeek's <c>&lt;｜User｜&gt;</c>), which
/// llama.cpp matches as one token even when special-token parsing is off. Message text is quoted through
/// <see cref="Quote"/>: those tokens are removed from it and it is marked so that <see cref="PromptTokenizer"/> tokenises
/// it with special-token parsing off.
/// </summary>
/// <remarks>Thread-safe: immutable once read.</remarks>
internal sealed class TemplateControlTokens
{
    /// <summary>Opens a span of quoted (untrusted) text in a rendered prompt; a private-use character no message may carry.</summary>
    public const char QuoteStart = '\uE000';

    /// <summary>Closes a span of quoted text.</summary>
    public const char QuoteEnd = '\uE001';

    private readonly Regex? _pattern;

    private TemplateControlTokens(IReadOnlyList<string> texts)
    {
        Texts = texts;
        _pattern = texts.Count == 0
            ? null
            : new Regex(string.Join('|', texts.Select(Regex.Escape)), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>Gets the texts of the tokens, longest first (the order in which they are matched).</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Reads the control tokens of <paramref name="weights"/>' vocabulary.</summary>
    /// <param name="weights">The loaded model.</param>
    /// <param name="templateText">The chat template in use: its source and a rendering of it, where user-defined tokens are looked for.</param>
    /// <returns>The tokens.</returns>
    public static TemplateControlTokens Read(LLamaWeights weights, string templateText)
    {
        SafeLlamaModelHandle.Vocabulary vocab = weights.Vocab;
        var texts = new HashSet<string>(StringComparer.Ordinal);
        for (int id = 0; id < vocab.Count; id++)
        {
            var token = (LLamaToken)id;
            LLamaTokenAttr attributes = token.GetAttributes(vocab);
            bool control = (attributes & LLamaTokenAttr.Control) != 0;
            if (!control && (attributes & LLamaTokenAttr.UserDefined) == 0)
            {
                continue;
            }

            string? text = vocab.LLamaTokenToString(token, isSpecialToken: true);
            if (!string.IsNullOrWhiteSpace(text) && (control || templateText.Contains(text, StringComparison.Ordinal)))
            {
                texts.Add(text);
            }
        }

        return new TemplateControlTokens([.. texts.OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal)]);
    }

    /// <summary>Removes the control tokens from untrusted text and marks it as quoted.</summary>
    /// <param name="text">Message text, a tool result or instructions.</param>
    /// <returns>The text between <see cref="QuoteStart"/> and <see cref="QuoteEnd"/>, without control tokens or quote marks of its own.</returns>
    public string Quote(string text)
    {
        string cleaned = text.Replace(QuoteStart, ' ').Replace(QuoteEnd, ' ');
        if (_pattern is not null)
        {
            cleaned = _pattern.Replace(cleaned, " ");
        }

        return string.Concat(QuoteStart.ToString(), cleaned, QuoteEnd.ToString());
    }

    /// <summary>Finds the first and the last control token in scaffolding text written by the chat template.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">Where the first token starts.</param>
    /// <param name="end">Where the last token ends.</param>
    /// <returns><see langword="true"/> when the text holds at least one.</returns>
    public bool TryFindSpan(string text, out int start, out int end)
    {
        start = end = 0;
        if (_pattern is null)
        {
            return false;
        }

        Match first = _pattern.Match(text);
        if (!first.Success)
        {
            return false;
        }

        Match last = first;
        for (Match next = first.NextMatch(); next.Success; next = next.NextMatch())
        {
            last = next;
        }

        start = first.Index;
        end = last.Index + last.Length;
        return true;
    }
}
