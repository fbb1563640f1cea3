// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// One token's postings as <see cref="Bm25Ranker"/> caches them: its rows (slots of <see cref="Bm25Rows"/>, ascending) and
/// each one's column-weighted frequency, held as a 2-byte code into the list's few distinct frequencies, so a posting costs
/// 6 bytes; with the largest <see cref="Bm25Rows.FrequencyPart"/> of the list for one average row length (MaxScore's
/// bound). Never changed, only replaced.
/// </summary>
internal sealed class Bm25Postings
{
    /// <summary>The most distinct frequencies one list can code; a list with more is left to <c>bm25()</c> in SQL.</summary>
    public const int MaxDistinctFrequencies = ushort.MaxValue + 1;

    private readonly ushort[] _codes;
    private readonly double[] _frequencies;

    private Bm25Postings(int[] rows, ushort[] codes, double[] frequencies, double average, double maxPart)
    {
        Rows = rows;
        _codes = codes;
        _frequencies = frequencies;
        Average = average;
        MaxPart = maxPart;
    }

    /// <summary>Gets the rows holding the token: slots, ascending.</summary>
    public int[] Rows { get; }

    /// <summary>Gets the average row length <see cref="MaxPart"/> was computed for (NaN until <see cref="BoundFor"/>).</summary>
    public double Average { get; }

    /// <summary>Gets the largest frequency part of the list for rows of average length <see cref="Average"/>.</summary>
    public double MaxPart { get; }

    /// <summary>Gets the memory the list holds, in bytes.</summary>
    public long Bytes => (Rows.Length * (long)(sizeof(int) + sizeof(ushort))) + (_frequencies.Length * (long)sizeof(double)) + 96;

    /// <summary>The column-weighted frequency of the posting at <paramref name="at"/>.</summary>
    public double Frequency(int at) => _frequencies[_codes[at]];

    /// <summary>These postings with <see cref="MaxPart"/> for the rows' current average length (itself when they have it).</summary>
    public Bm25Postings BoundFor(Bm25Rows rows)
    {
        if (Average.Equals(rows.AverageLength))
        {
            return this;
        }

        double max = 0.0;
        for (int at = 0; at < Rows.Length; at++)
        {
            max = Math.Max(max, rows.FrequencyPart(Frequency(at), Rows[at]));
        }

        return new Bm25Postings(Rows, _codes, _frequencies, rows.AverageLength, max);
    }

    /// <summary>
    /// These postings without the slots <paramref name="removed"/> (ascending) and with <paramref name="added"/> (ascending
    /// slots), still in slot order; <see langword="null"/> when the result has more distinct frequencies than a list codes.
    /// Kept postings are copied run by run, so a write costs a copy of the list, not a posting-by-posting rebuild.
    /// </summary>
    public Bm25Postings? Change(int[] removed, List<(int Ordinal, double Frequency)>? added)
    {
        var cuts = new List<int>();
        foreach (int ordinal in removed)
        {
            int at = Array.BinarySearch(Rows, ordinal);
            if (at >= 0)
            {
                cuts.Add(at);
            }
        }

        int addedCount = added?.Count ?? 0;
        var frequencies = new Builder(_frequencies);
        ushort[] addedCodes = new ushort[addedCount];
        for (int j = 0; j < addedCount; j++)
        {
            if (frequencies.CodeOf(added![j].Frequency) is not ushort code)
            {
                return null;
            }

            addedCodes[j] = code;
        }

        int[] rows = new int[Rows.Length - cuts.Count + addedCount];
        ushort[] codes = new ushort[rows.Length];
        int kept = 0;
        int from = 0;
        foreach (int cut in cuts.Append(Rows.Length))
        {
            Array.Copy(Rows, from, rows, kept, cut - from);
            Array.Copy(_codes, from, codes, kept, cut - from);
            kept += cut - from;
            from = cut + 1;
        }

        // Merge the added postings in from the back: appended slots (the usual case) move no kept posting.
        for (int i = kept - 1, j = addedCount - 1, k = rows.Length - 1; j >= 0; k--)
        {
            if (i >= 0 && rows[i] > added![j].Ordinal)
            {
                rows[k] = rows[i];
                codes[k] = codes[i];
                i--;
            }
            else
            {
                rows[k] = added![j].Ordinal;
                codes[k] = addedCodes[j];
                j--;
            }
        }

        return new Bm25Postings(rows, codes, frequencies.Frequencies(), double.NaN, 0.0);
    }

    /// <summary>Gathers a list posting by posting, in ascending slot order, coding each distinct frequency once.</summary>
    internal sealed class Builder
    {
        private readonly List<int> _rows = [];
        private readonly List<ushort> _codes = [];
        private readonly List<double> _frequencies;
        private readonly Dictionary<double, ushort> _codeOf = [];

        /// <param name="frequencies">Distinct frequencies already coded, kept with their codes (those of a list being changed).</param>
        public Builder(IReadOnlyList<double>? frequencies = null)
        {
            _frequencies = [.. frequencies ?? []];
            for (int code = 0; code < _frequencies.Count; code++)
            {
                _codeOf[_frequencies[code]] = (ushort)code;
            }
        }

        /// <summary>Adds a posting after every one added; <see langword="false"/> when its frequency would be one too many to code.</summary>
        public bool Add(int row, double frequency)
        {
            if (CodeOf(frequency) is not ushort code)
            {
                return false;
            }

            _rows.Add(row);
            _codes.Add(code);
            return true;
        }

        /// <summary>The list of every posting added.</summary>
        public Bm25Postings Build() => new([.. _rows], [.. _codes], Frequencies(), double.NaN, 0.0);

        /// <summary>The code of a frequency, coding it when new; <see langword="null"/> when it would be one too many to code.</summary>
        internal ushort? CodeOf(double frequency)
        {
            if (!_codeOf.TryGetValue(frequency, out ushort code))
            {
                if (_frequencies.Count == MaxDistinctFrequencies)
                {
                    return null;
                }

                code = (ushort)_frequencies.Count;
                _codeOf[frequency] = code;
                _frequencies.Add(frequency);
            }

            return code;
        }

        /// <summary>The distinct frequencies coded so far, by code.</summary>
        internal double[] Frequencies() => [.. _frequencies];
    }
}
