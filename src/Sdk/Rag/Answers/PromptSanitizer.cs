// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using System.Text.RegularExpressions;

namespace Rag;

/// <summary>
/// Makes untrusted text safe to quote inside a prompt: folds look-alikes first (full-width and small forms to ASCII,
/// zero-width and bidirectional format characters removed, spacing inside tags tolerated), then removes chat-template
/// control tokens (which would let a document open a new system or user turn) and neutralises sequences that would
/// close the source fence early. Document text also has its citation-like markers escaped, so that a <c>[1]</c> written
/// in a document can never pass for a citation of ours.
/// </summary>
/// <remarks>
/// The list of control tokens here is the model-agnostic first layer; a chat-model connector that knows its tokenizer
/// (the LLamaSharp one reads them from the GGUF) neutralises the exact tokens of its template as well.
/// </remarks>
internal static partial class PromptSanitizer
{
    /// <summary>The tag that fences each quoted source in a prompt.</summary>
    public const string FenceTag = "source";

    /// <summary>Sanitises untrusted text (a question, an earlier turn) before it is placed in a prompt.</summary>
    /// <param name="text">The untrusted text.</param>
    /// <returns>The text with look-alikes folded, without control tokens and fence-breaking sequences.</returns>
    public static string Sanitize(string text)
    {
        string cleaned = FoldLookAlikes(text);
        cleaned = ControlTokenRegex().Replace(cleaned, " ");
        cleaned = FenceRegex().Replace(cleaned, "‹$1");
        return cleaned;
    }

    /// <summary>
    /// Sanitises document text as <see cref="Sanitize"/> does and escapes its citation-like markers (<c>[1]</c>,
    /// <c>[Source 2]</c>, <c>[3, 4]</c> become <c>⟦1⟧</c>, <c>⟦Source 2⟧</c>, <c>⟦3, 4⟧</c>: still readable, never matched
    /// as a citation), so the only markers in a prompt's sources or an extractive answer are the ones this library writes.
    /// </summary>
    /// <param name="text">The document text.</param>
    /// <returns>The sanitised text.</returns>
    public static string SanitizeDocument(string text) =>
        CitationVerifier.MarkerPattern().Replace(Sanitize(text), static m => string.Concat(m.Groups["lead"].Value, "⟦", m.Groups["body"].Value, "⟧"));

    /// <summary>Sanitises a one-line attribute value (path, title, heading) placed in a fence tag.</summary>
    /// <param name="value">The untrusted value.</param>
    /// <returns>The value without quotes, angle brackets, line breaks or control tokens.</returns>
    public static string SanitizeAttribute(string value) =>
        AttributeUnsafeRegex().Replace(SanitizeDocument(value), " ").Trim();

    /// <summary>
    /// Folds the characters that make a tag look like another: the full-width forms of letters, digits and tag
    /// punctuation (<c>＜ ＞ ｜ ／ ［ ］ ＿ ＼</c>, as in DeepSeek's <c>&lt;｜User｜&gt;</c>) and the small forms of angle
    /// brackets become ASCII; zero-width, soft-hyphen and bidirectional format characters are removed. Other text (CJK
    /// punctuation such as <c>，</c> or <c>（</c> included) is left as it is.
    /// </summary>
    private static string FoldLookAlikes(string text)
    {
        StringBuilder? folded = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char? replacement = c switch
            {
                (>= '０' and <= '９') or (>= 'Ａ' and <= 'Ｚ') or (>= 'ａ' and <= 'ｚ') or '＜' or '＞' or '｜' or '／' or '［' or '］' or '＿' or '＼' => (char)(c - 0xFEE0),
                '\uFE64' => '<',
                '\uFE65' => '>',
                '\u00AD' or '\u180E' or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2069') or '\uFEFF' => '\0',
                _ => null,
            };

            if (replacement is null)
            {
                folded?.Append(c);
                continue;
            }

            folded ??= new StringBuilder(text.Length).Append(text, 0, i);
            if (replacement != '\0')
            {
                folded.Append(replacement.Value);
            }
        }

        return folded?.ToString() ?? text;
    }

    // ChatML / Llama 3 / Phi / DeepSeek (<|im_start|>, <|eot_id|>, <|start_header_id|>, <|User|> once folded…), Llama 2 /
    // Mistral ([INST], <<SYS>>, <s>, </s>), Gemma (<start_of_turn>, <end_of_turn>), Qwen / Hermes tool and reasoning tags
    // (<tool_call>, <tool_response>, <tools>, <think>) and generic <bos>/<eos>/<pad>/<unk> tokens, with any spacing inside.
    [GeneratedRegex(@"<\s*\|[^|<>\r\n]{1,48}\|\s*>|\[\s*/?\s*INST\s*\]|<\s*<\s*/?\s*SYS\s*>\s*>|<\s*/?\s*s\s*>|<\s*(?:start|end)_of_turn\s*>|<\s*/?\s*(?:bos|eos|pad|unk|sep|cls|mask|tool_call|tool_response|tools|think)\s*>|<\s*\|?\s*im_sep\s*\|?\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ControlTokenRegex();

    [GeneratedRegex(@"<\s*(/?\s*(?:source|sources|question|rules)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"[""<>\r\n\t]+")]
    private static partial Regex AttributeUnsafeRegex();
}
