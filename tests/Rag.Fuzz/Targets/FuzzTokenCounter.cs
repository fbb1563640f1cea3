// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Fuzz;

/// <summary>A deterministic token counter for fuzzing: one token per run of letters or digits and one per other non-space character.</summary>
internal sealed class FuzzTokenCounter : ITokenCounter
{
    public int MaxTokens => 512;

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int count = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                count += inWord ? 0 : 1;
                inWord = true;
            }
            else
            {
                count += char.IsWhiteSpace(c) ? 0 : 1;
                inWord = false;
            }
        }

        return count;
    }
}
