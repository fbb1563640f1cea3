// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace Rag;

/// <summary>
/// Makes untrusted document text safe to quote inside a prompt: removes chat-template control tokens (which would let a
/// document open a new system or user turn) and neutralises sequences that would close the source fence early.
/// </summary>
internal static partial class PromptSanitizer
{
    /// <summary>The tag that fences each quoted source in a prompt.</summary>
    public const string FenceTag = "source";

    /// <summary>Sanitises document text (or anything derived from it) before it is placed in a prompt.</summary>
    /// <param name="text">The untrusted text.</param>
    /// <returns>The text without control tokens and fence-breaking sequences.</returns>
    public static string Sanitize(string text)
    {
        string cleaned = ControlTokenRegex().Replace(text, " ");
        cleaned = FenceRegex().Replace(cleaned, "‹$1");
        return cleaned;
    }

    /// <summary>Sanitises a one-line attribute value (path, title, heading) placed in a fence tag.</summary>
    /// <param name="value">The untrusted value.</param>
    /// <returns>The value without quotes, angle brackets, line breaks or control tokens.</returns>
    public static string SanitizeAttribute(string value) =>
        AttributeUnsafeRegex().Replace(Sanitize(value), " ").Trim();

    // ChatML / Llama 3 / Phi (<|im_start|>, <|eot_id|>, <|start_header_id|>, <|system|>, <|endoftext|>…), Llama 2 / Mistral
    // ([INST], <<SYS>>, <s>, </s>), Gemma (<start_of_turn>, <end_of_turn>) and generic <bos>/<eos>/<pad>/<unk> tokens.
    [GeneratedRegex(@"<\|[^|<>\r\n]{1,48}\|>|\[/?INST\]|<</?SYS>>|</?s>|<(?:start|end)_of_turn>|</?(?:bos|eos|pad|unk|sep|cls|mask)>|<\|?im_sep\|?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ControlTokenRegex();

    [GeneratedRegex(@"<(/?\s*(?:source|sources|question|rules)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"[""<>\r\n\t]+")]
    private static partial Regex AttributeUnsafeRegex();
}
