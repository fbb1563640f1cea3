// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Rag.Connectors.Search;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// The best rows of a BM25 query by MaxScore (Turtle and Flood), with the results of scoring every posting: the rows, their
/// scores to the last bit (each row's terms summed in query order) and the order of equal scores (lower row id first). Each
/// term has an upper bound (its IDF times its largest frequency part); the terms whose bounds together stay below the
/// current k-th score cannot lift a row into the top k on their own, so only the other ("essential") lists are walked, row
/// by row in slot order, and the rest are probed for a row only while its bound can still reach the top k.
/// </summary>
internal static class Bm25TopK
{
    /// <summary>
    /// The relative margin on every bound: sums of the same bounds in another order differ by rounding (a few ulps per
    /// term), so a row is only skipped when its bound falls short of the k-th score by more than that.
    /// </summary>
    private const double Slack = 1e-9;

    /// <summary>
    /// The <paramref name="top"/> best rows of <paramref name="terms"/> (in query order), best first; ties go to the lower row
    /// id. <paramref name="scored"/> is how many postings were scored.
    /// </summary>
    public static List<ScoredRow> Select(Bm25Rows rows, Term[] terms, int top, out long scored)
    {
        scored = 0;
        int n = terms.Length;
        var ranked = new List<ScoredRow>();
        if (top <= 0 || n == 0)
        {
            return ranked;
        }

        // Terms by ascending bound, and each prefix's bound: byBound[0..essential) are the non-essential terms.
        int[] byBound = new int[n];
        double[] bounds = new double[n];
        for (int t = 0; t < n; t++)
        {
            byBound[t] = t;
            bounds[t] = terms[t].Bound;
        }

        Array.Sort((double[])bounds.Clone(), byBound);
        double[] prefix = new double[n];
        double sum = 0.0;
        for (int m = 0; m < n; m++)
        {
            sum += bounds[byBound[m]];
            prefix[m] = sum * (1.0 + Slack);
        }

        int[] cursors = new int[n];
        double[] contributions = new double[n];
        bool[] present = new bool[n];
        var best = new PriorityQueue<int, (double Score, long NegatedRowId)>(top + 1);
        double threshold = double.NegativeInfinity;
        int essential = 0;
        while (essential < n)
        {
            int row = NextRow(terms, byBound, cursors, essential);
            if (row == int.MaxValue)
            {
                break;
            }

            double partial = 0.0;
            for (int m = essential; m < n; m++)
            {
                int t = byBound[m];
                int at = cursors[t];
                if (at < terms[t].Rows.Length && terms[t].Rows[at] == row)
                {
                    partial += Contribute(rows, terms[t], at, t, contributions, present);
                    cursors[t] = at + 1;
                    scored++;
                }
            }

            bool reachable = true;
            for (int m = essential - 1; m >= 0; m--)
            {
                if ((partial * (1.0 + Slack)) + prefix[m] < threshold)
                {
                    reachable = false;
                    break;
                }

                int t = byBound[m];
                int at = Seek(terms[t].Rows, cursors[t], row);
                cursors[t] = at;
                if (at < terms[t].Rows.Length && terms[t].Rows[at] == row)
                {
                    partial += Contribute(rows, terms[t], at, t, contributions, present);
                    scored++;
                }
            }

            double score = 0.0;
            for (int t = 0; t < n; t++)
            {
                if (present[t])
                {
                    score += contributions[t];
                    present[t] = false;
                }
            }

            if (reachable && Offer(best, top, row, (score, -rows.RowId(row))))
            {
                threshold = best.Count == top && best.TryPeek(out _, out (double Score, long NegatedRowId) worst) ? worst.Score : threshold;
                while (essential < n && prefix[essential] < threshold)
                {
                    essential++;
                }
            }
        }

        ranked.Capacity = best.Count;
        while (best.TryDequeue(out int row, out (double Score, long NegatedRowId) key))
        {
            ranked.Add(new ScoredRow(rows.RowId(row), key.Score));
        }

        ranked.Reverse();
        return ranked;
    }

    /// <summary>The lowest slot at the cursor of any essential term; <see cref="int.MaxValue"/> when all are done.</summary>
    private static int NextRow(Term[] terms, int[] byBound, int[] cursors, int essential)
    {
        int row = int.MaxValue;
        for (int m = essential; m < byBound.Length; m++)
        {
            int t = byBound[m];
            if (cursors[t] < terms[t].Rows.Length)
            {
                row = Math.Min(row, terms[t].Rows[cursors[t]]);
            }
        }

        return row;
    }

    /// <summary>Records term <paramref name="t"/>'s score for the posting at <paramref name="at"/>, as the exhaustive sum computes it, and returns it.</summary>
    private static double Contribute(Bm25Rows rows, Term term, int at, int t, double[] contributions, bool[] present)
    {
        double contribution = term.Idf * rows.FrequencyPart(term.Postings.Frequency(at), term.Rows[at]);
        contributions[t] = contribution;
        present[t] = true;
        return contribution;
    }

    /// <summary>The first position at or after <paramref name="from"/> whose slot is at least <paramref name="row"/> (galloping, then binary search).</summary>
    private static int Seek(int[] slots, int from, int row)
    {
        int step = 1;
        int low = from;
        int high = from;
        while (high < slots.Length && slots[high] < row)
        {
            low = high + 1;
            high = from + step;
            step *= 2;
        }

        high = Math.Min(high, slots.Length);
        int found = Array.BinarySearch(slots, low, high - low, row);
        return found >= 0 ? found : ~found;
    }

    /// <summary>Keeps the row among the <paramref name="top"/> best keys; <see langword="true"/> when it was kept.</summary>
    private static bool Offer(PriorityQueue<int, (double Score, long NegatedRowId)> best, int top, int row, (double Score, long NegatedRowId) key)
    {
        if (best.Count < top)
        {
            best.Enqueue(row, key);
            return true;
        }

        if (best.TryPeek(out _, out (double Score, long NegatedRowId) worst) && key.CompareTo(worst) > 0)
        {
            best.DequeueEnqueue(row, key);
            return true;
        }

        return false;
    }

    /// <summary>One query token's postings, bound for the rows' average length (<see cref="Bm25Postings.BoundFor"/>), and its IDF.</summary>
    internal readonly record struct Term(Bm25Postings Postings, double Idf)
    {
        /// <summary>Gets the token's rows: slots, ascending.</summary>
        public int[] Rows => Postings.Rows;

        /// <summary>Gets the most this term adds to any row's score.</summary>
        public double Bound => Idf * Postings.MaxPart;
    }
}
