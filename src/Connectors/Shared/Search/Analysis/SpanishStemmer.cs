// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Text;

namespace Rag.Connectors.Search.Analysis;

/// <summary>
/// The Snowball stemming algorithm for Spanish (snowballstem.org/algorithms/spanish), written from its published
/// description: attached pronouns, then standard (derivational) suffixes, else verb suffixes, then a residual vowel, each
/// only within its region (RV, R1, R2). Acute accents are removed first, not last (and the suffixes written without them),
/// so a word typed without its accents ("instalacion") stems as the accented one does, as the accent-insensitive index matches them.
/// Input: one lower-case word.
/// </summary>
internal static class SpanishStemmer
{
    private static readonly string[] s_pronouns = ["selas", "selos", "sela", "selo", "las", "les", "los", "nos", "me", "se", "la", "le", "lo"];

    private static readonly string[] s_deleteInR2 =
    [
        "amientos", "imientos", "amiento", "imiento", "anzas", "ismos", "ables", "ibles", "istas", "anza", "icos", "icas", "ismo",
        "able", "ible", "ista", "osos", "osas", "ico", "ica", "oso", "osa",
    ];

    private static readonly string[] s_deleteInR2AfterIc = ["aciones", "adoras", "adores", "ancias", "adora", "acion", "antes", "ancia", "ador", "ante"];

    private static readonly string[] s_verbsY = ["yeron", "yendo", "yamos", "yais", "yan", "yen", "yas", "yes", "ya", "ye", "yo"];

    private static readonly string[] s_verbsGu = ["emos", "eis", "en", "es"];

    private static readonly string[] s_verbs =
    [
        "ariamos", "eriamos", "iriamos", "ieramos", "iesemos", "aramos", "asemos", "ariais", "eriais", "iriais", "ierais",
        "ieseis", "asteis", "isteis", "abamos", "aremos", "eremos", "iremos", "arian", "arias", "erian", "erias", "irian",
        "irias", "ieran", "iesen", "ieron", "iendo", "ieras", "ieses", "abais", "arais", "aseis", "iamos", "areis", "ereis",
        "ireis", "aria", "eria", "iria", "iera", "iese", "aste", "iste", "aban", "aran", "asen", "aron", "ando", "abas", "adas",
        "idas", "aras", "ases", "iais", "ados", "idos", "amos", "imos", "eran", "eras", "iran", "iras", "aba", "ada", "ida",
        "ara", "ase", "ian", "ado", "ido", "ias", "ais", "are", "era", "ere", "ira", "ire", "ia", "ad", "ed", "id", "an", "io",
        "ar", "er", "ir", "as", "is",
    ];

    /// <summary>Returns the stem of a lower-case Spanish word.</summary>
    public static string Stem(string word)
    {
        word = CombiningAccents.Compose(word);
        if (word.Length < 3)
        {
            return word;
        }

        string folded = RemoveAcutes(word);
        var w = new StringBuilder(folded);
        Regions(folded, out int rv, out int r1, out int r2);
        AttachedPronoun(w, rv);
        if (!StandardSuffix(w, r1, r2) && !VerbSuffixY(w, rv))
        {
            VerbSuffix(w, rv);
        }

        ResidualSuffix(w, rv);
        return w.ToString();
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'ü';

    private static void Regions(string w, out int rv, out int r1, out int r2)
    {
        rv = w.Length;
        if (w.Length >= 2)
        {
            if (!IsVowel(w[1]))
            {
                // Second letter a consonant: RV follows the next vowel after it.
                for (int i = 2; i < w.Length; i++)
                {
                    if (IsVowel(w[i]))
                    {
                        rv = i + 1;
                        break;
                    }
                }
            }
            else if (IsVowel(w[0]))
            {
                // First two letters vowels: RV follows the next consonant.
                for (int i = 2; i < w.Length; i++)
                {
                    if (!IsVowel(w[i]))
                    {
                        rv = i + 1;
                        break;
                    }
                }
            }
            else
            {
                rv = Math.Min(3, w.Length); // consonant-vowel: RV follows the third letter
            }
        }

        r1 = RegionAfterVowelConsonant(w, 0);
        r2 = RegionAfterVowelConsonant(w, r1);
    }

    private static int RegionAfterVowelConsonant(string w, int start)
    {
        for (int i = start + 1; i < w.Length; i++)
        {
            if (!IsVowel(w[i]) && IsVowel(w[i - 1]))
            {
                return i + 1;
            }
        }

        return w.Length;
    }

    private static bool EndsWith(StringBuilder w, string suffix)
    {
        if (suffix.Length > w.Length)
        {
            return false;
        }

        int offset = w.Length - suffix.Length;
        for (int i = 0; i < suffix.Length; i++)
        {
            if (w[offset + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string? Longest(StringBuilder w, string[] suffixes)
    {
        string? best = null;
        foreach (string s in suffixes)
        {
            if ((best is null || s.Length > best.Length) && EndsWith(w, s))
            {
                best = s;
            }
        }

        return best;
    }

    private static bool In(StringBuilder w, string suffix, int region) => w.Length - suffix.Length >= region;

    private static void Cut(StringBuilder w, int count) => w.Length -= count;

    private static void AttachedPronoun(StringBuilder w, int rv)
    {
        string? pronoun = Longest(w, s_pronouns);
        if (pronoun is null || !In(w, pronoun, rv))
        {
            return;
        }

        int end = w.Length - pronoun.Length;
        string before = w.ToString(0, end);
        foreach (string ending in new[] { "iendo", "ando", "ar", "er", "ir" })
        {
            if (before.EndsWith(ending, StringComparison.Ordinal) && end - ending.Length >= rv)
            {
                w.Length = end;
                return;
            }
        }

        if (before.EndsWith("uyendo", StringComparison.Ordinal) && end - "yendo".Length >= rv)
        {
            w.Length = end;
        }
    }

    /// <summary>Step 1: the longest derivational suffix, removed or replaced when its region condition holds.</summary>
    private static bool StandardSuffix(StringBuilder w, int r1, int r2)
    {
        string? s = Longest(w, [.. s_deleteInR2, .. s_deleteInR2AfterIc, "logias", "logia", "uciones", "ucion", "encias", "encia", "amente", "mente", "idades", "idad", "ivas", "ivos", "iva", "ivo"]);
        if (s is null)
        {
            return false;
        }

        switch (s)
        {
            case "logia" or "logias":
                return Replace(w, s, "log", r2);
            case "ucion" or "uciones":
                return Replace(w, s, "u", r2);
            case "encia" or "encias":
                return Replace(w, s, "ente", r2);
            case "amente":
                if (!In(w, s, r1))
                {
                    return false;
                }

                Cut(w, s.Length);
                if (EndsWith(w, "iv") && In(w, "iv", r2))
                {
                    Cut(w, 2);
                    if (EndsWith(w, "at") && In(w, "at", r2))
                    {
                        Cut(w, 2);
                    }
                }
                else
                {
                    CutIfInR2(w, ["os", "ic", "ad"], r2);
                }

                return true;
            case "mente":
                return DeleteThen(w, s, r2, ["ante", "able", "ible"]);
            case "idad" or "idades":
                return DeleteThen(w, s, r2, ["abil", "ic", "iv"]);
            case "iva" or "ivo" or "ivas" or "ivos":
                return DeleteThen(w, s, r2, ["at"]);
            default:
                return DeleteThen(w, s, r2, Array.IndexOf(s_deleteInR2AfterIc, s) >= 0 ? ["ic"] : []);
        }
    }

    private static bool Replace(StringBuilder w, string suffix, string replacement, int region)
    {
        if (!In(w, suffix, region))
        {
            return false;
        }

        Cut(w, suffix.Length);
        w.Append(replacement);
        return true;
    }

    private static bool DeleteThen(StringBuilder w, string suffix, int r2, string[] preceding)
    {
        if (!In(w, suffix, r2))
        {
            return false;
        }

        Cut(w, suffix.Length);
        CutIfInR2(w, preceding, r2);
        return true;
    }

    private static void CutIfInR2(StringBuilder w, string[] preceding, int r2)
    {
        string? p = Longest(w, preceding);
        if (p is not null && In(w, p, r2))
        {
            Cut(w, p.Length);
        }
    }

    /// <summary>Step 2a: verb suffixes beginning with y, in RV and after a u.</summary>
    private static bool VerbSuffixY(StringBuilder w, int rv)
    {
        string? s = Longest(w, s_verbsY);
        if (s is null || !In(w, s, rv) || w.Length - s.Length < 1 || w[w.Length - s.Length - 1] != 'u')
        {
            return false;
        }

        Cut(w, s.Length);
        return true;
    }

    /// <summary>Step 2b: the other verb suffixes, in RV; after <c>gu</c>, <c>-en/-es/-éis/-emos</c> also drop the u.</summary>
    private static void VerbSuffix(StringBuilder w, int rv)
    {
        string? gu = Longest(w, s_verbsGu);
        string? other = Longest(w, s_verbs);
        bool afterGu = gu is not null && (other is null || gu.Length > other.Length);
        string? s = afterGu ? gu : other;
        if (s is null || !In(w, s, rv))
        {
            return;
        }

        Cut(w, s.Length);
        if (afterGu && EndsWith(w, "gu"))
        {
            Cut(w, 1);
        }
    }

    /// <summary>Step 3: a residual vowel in RV; an <c>e</c> after <c>gu</c> also drops the u when it is in RV.</summary>
    private static void ResidualSuffix(StringBuilder w, int rv)
    {
        string? s = Longest(w, ["os", "a", "o", "i", "e"]);
        if (s is null || !In(w, s, rv))
        {
            return;
        }

        Cut(w, s.Length);
        if (s is "e" && EndsWith(w, "gu") && In(w, "u", rv))
        {
            Cut(w, 1);
        }
    }

    private static string RemoveAcutes(string w) =>
        w.Replace('á', 'a').Replace('é', 'e').Replace('í', 'i').Replace('ó', 'o').Replace('ú', 'u');
}
