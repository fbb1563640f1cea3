// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.TestUtilities;

/// <summary>
/// The Porter (1980) stemmer, as SQLite FTS5's <c>porter</c> tokenizer applies it: lower-case ASCII words of 3 to 64
/// letters are stemmed, anything else is kept as it is. Used by <see cref="InMemoryKnowledgeStore"/> so that it matches the
/// words the SQLite store matches.
/// </summary>
internal static class PorterStemmer
{
    private static readonly (string Suffix, string Replacement)[] s_step2 =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("logi", "log"), ("bli", "ble"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"), ("ator", "ate"),
        ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ];

    private static readonly (string Suffix, string Replacement)[] s_step3 =
    [
        ("icate", "ic"), ("ative", string.Empty), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", string.Empty), ("ness", string.Empty),
    ];

    private static readonly string[] s_step4 =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
    ];

    /// <summary>Stems one lower-case word.</summary>
    public static string Stem(string word)
    {
        if (word.Length < 3 || word.Length > 64 || !word.All(c => c is >= 'a' and <= 'z'))
        {
            return word;
        }

        string w = Step1(word);
        w = ReplaceLongest(w, s_step2, minimumMeasure: 1);
        w = ReplaceLongest(w, s_step3, minimumMeasure: 1);
        w = Step4(w);
        return Step5(w);
    }

    private static string Step1(string w)
    {
        // 1a
        if (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("ies", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (!w.EndsWith("ss", StringComparison.Ordinal) && w.EndsWith('s'))
        {
            w = w[..^1];
        }

        // 1b
        bool cleanUp = false;
        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            if (Measure(w[..^3]) > 0)
            {
                w = w[..^1];
            }
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && HasVowel(w[..^2]))
        {
            (w, cleanUp) = (w[..^2], true);
        }
        else if (w.EndsWith("ing", StringComparison.Ordinal) && HasVowel(w[..^3]))
        {
            (w, cleanUp) = (w[..^3], true);
        }

        if (cleanUp)
        {
            if (w.EndsWith("at", StringComparison.Ordinal) || w.EndsWith("bl", StringComparison.Ordinal) || w.EndsWith("iz", StringComparison.Ordinal))
            {
                w += "e";
            }
            else if (EndsWithDoubleConsonant(w) && w[^1] is not ('l' or 's' or 'z'))
            {
                w = w[..^1];
            }
            else if (Measure(w) == 1 && EndsConsonantVowelConsonant(w))
            {
                w += "e";
            }
        }

        // 1c
        return w.EndsWith('y') && HasVowel(w[..^1]) ? w[..^1] + "i" : w;
    }

    private static string Step4(string w)
    {
        string? suffix = s_step4.Where(s => w.EndsWith(s, StringComparison.Ordinal)).MaxBy(s => s.Length);
        if (suffix is null)
        {
            return w;
        }

        string stem = w[..^suffix.Length];
        bool allowed = Measure(stem) > 1 && (suffix != "ion" || (stem.Length > 0 && stem[^1] is 's' or 't'));
        return allowed ? stem : w;
    }

    private static string Step5(string w)
    {
        if (w.EndsWith('e'))
        {
            string stem = w[..^1];
            int m = Measure(stem);
            if (m > 1 || (m == 1 && !EndsConsonantVowelConsonant(stem)))
            {
                w = stem;
            }
        }

        return w.EndsWith("ll", StringComparison.Ordinal) && Measure(w) > 1 ? w[..^1] : w;
    }

    /// <summary>Replaces the longest listed suffix when the stem before it has at least <paramref name="minimumMeasure"/>; a shorter suffix is never tried instead.</summary>
    private static string ReplaceLongest(string w, (string Suffix, string Replacement)[] rules, int minimumMeasure)
    {
        int longest = -1;
        for (int i = 0; i < rules.Length; i++)
        {
            if (w.EndsWith(rules[i].Suffix, StringComparison.Ordinal) && (longest < 0 || rules[i].Suffix.Length > rules[longest].Suffix.Length))
            {
                longest = i;
            }
        }

        if (longest < 0)
        {
            return w;
        }

        (string suffix, string replacement) = rules[longest];
        string stem = w[..^suffix.Length];
        return Measure(stem) >= minimumMeasure ? stem + replacement : w;
    }

    private static bool IsConsonant(string w, int i) => w[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(w, i - 1),
        _ => true,
    };

    /// <summary>The m of [C](VC)^m[V].</summary>
    private static int Measure(string w)
    {
        int m = 0;
        int i = 0;
        while (i < w.Length && IsConsonant(w, i))
        {
            i++;
        }

        while (i < w.Length)
        {
            while (i < w.Length && !IsConsonant(w, i))
            {
                i++;
            }

            if (i == w.Length)
            {
                break;
            }

            m++;
            while (i < w.Length && IsConsonant(w, i))
            {
                i++;
            }
        }

        return m;
    }

    private static bool HasVowel(string w) => Enumerable.Range(0, w.Length).Any(i => !IsConsonant(w, i));

    private static bool EndsWithDoubleConsonant(string w) => w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1);

    /// <summary>The *o condition: the word ends consonant-vowel-consonant, the last not w, x or y.</summary>
    private static bool EndsConsonantVowelConsonant(string w) =>
        w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1) && w[^1] is not ('w' or 'x' or 'y');
}
