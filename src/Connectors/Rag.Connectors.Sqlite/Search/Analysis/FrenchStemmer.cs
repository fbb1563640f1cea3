// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>
/// A light French stemmer (our own rules, not Snowball's): accents folded, then the plural (<c>-aux</c> to <c>-al</c>,
/// final <c>-s</c>/<c>-x</c>), then the longest of the common derivational, participle and conjugation endings while at
/// least three letters remain, then a final <c>-e</c> and a doubled final consonant. It joins number, gender and the
/// usual verb forms ("installer", "installé", "installées", "installation" all stem to "install") and leaves short words alone.
/// Input: one lower-case word.
/// </summary>
internal static class FrenchStemmer
{
    private const int MinimumStem = 3;

    // Longest first where one ends another; each applies only when MinimumStem letters remain before it.
    private static readonly string[] s_endings =
    [
        "issements", "issement", "eraient", "atrices", "erions", "eriez", "ements", "ations", "ateurs", "atrice", "issant",
        "aient", "ement", "ation", "ateur", "euses", "erais", "erait", "erons", "eront", "ions", "iez", "erez", "erai", "euse", "ites",
        "ment", "ante", "ants", "ait", "ais", "ant", "era", "eur", "ent", "ons", "ite", "er", "ez", "ee", "ie", "ir", "it",
    ];

    /// <summary>Returns the stem of a lower-case French word.</summary>
    public static string Stem(string word)
    {
        var w = new StringBuilder(Fold(word));
        if (w.Length <= MinimumStem)
        {
            return w.ToString();
        }

        Plural(w);
        foreach (string ending in s_endings)
        {
            if (w.Length - ending.Length >= MinimumStem && EndsWith(w, ending))
            {
                w.Length -= ending.Length;
                break;
            }
        }

        if (w.Length > MinimumStem && w[^1] == 'e')
        {
            w.Length--;
        }

        if (w.Length > MinimumStem && w[^1] == w[^2] && !IsVowel(w[^1]))
        {
            w.Length--;
        }

        return w.ToString();
    }

    private static void Plural(StringBuilder w)
    {
        if (EndsWith(w, "eaux"))
        {
            w.Length--;
        }
        else if (EndsWith(w, "aux") && w.Length > 4)
        {
            w.Length -= 2;
            w.Append('l');
        }
        else if (w[^1] is 's' or 'x' && w[^2] != 's')
        {
            w.Length--;
        }
    }

    private static bool EndsWith(StringBuilder w, string suffix)
    {
        if (suffix.Length > w.Length)
        {
            return false;
        }

        for (int i = 0; i < suffix.Length; i++)
        {
            if (w[w.Length - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static string Fold(string word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (char c in word)
        {
            folded.Append(c switch
            {
                'à' or 'â' or 'ä' => 'a',
                'é' or 'è' or 'ê' or 'ë' => 'e',
                'î' or 'ï' => 'i',
                'ô' or 'ö' => 'o',
                'ù' or 'û' or 'ü' => 'u',
                'ÿ' => 'y',
                'ç' => 'c',
                _ => c,
            });
        }

        return folded.ToString();
    }
}
