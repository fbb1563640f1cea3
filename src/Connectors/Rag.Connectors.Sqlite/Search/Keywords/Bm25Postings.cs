// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

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
    /// </summary>
    public Bm25Postings? Change(int[] removed, List<(int Ordinal, double Frequency)>? added)
    {
        var builder = new Builder(Rows.Length - removed.Length + (added?.Count ?? 0), _frequencies);
        int r = 0;
        int a = 0;
        for (int at = 0; at < Rows.Length; at++)
        {
            int row = Rows[at];
            while (added is not null && a < added.Count && added[a].Ordinal < row)
            {
                if (!builder.Add(added[a].Ordinal, added[a].Frequency))
                {
                    return null;
                }

                a++;
            }

            while (r < removed.Length && removed[r] < row)
            {
                r++;
            }

            if (r < removed.Length && removed[r] == row)
            {
                continue;
            }

            builder.AddCoded(row, _codes[at]);
        }

        for (; added is not null && a < added.Count; a++)
        {
            if (!builder.Add(added[a].Ordinal, added[a].Frequency))
            {
                return null;
            }
        }

        return builder.Build();
    }

    /// <summary>Gathers a list posting by posting, in ascending slot order, coding each distinct frequency once.</summary>
    internal sealed class Builder
    {
        private readonly List<int> _rows;
        private readonly List<ushort> _codes;
        private readonly List<double> _frequencies;
        private readonly Dictionary<double, ushort> _codeOf = [];

        /// <param name="capacity">How many postings to expect.</param>
        /// <param name="frequencies">Distinct frequencies already coded, kept with their codes (those of a list being changed).</param>
        public Builder(int capacity, IReadOnlyList<double>? frequencies = null)
        {
            _rows = new List<int>(Math.Max(capacity, 0));
            _codes = new List<ushort>(Math.Max(capacity, 0));
            _frequencies = [.. frequencies ?? []];
            for (int code = 0; code < _frequencies.Count; code++)
            {
                _codeOf[_frequencies[code]] = (ushort)code;
            }
        }

        /// <summary>Adds a posting after every one added; <see langword="false"/> when its frequency would be one too many to code.</summary>
        public bool Add(int row, double frequency)
        {
            if (!_codeOf.TryGetValue(frequency, out ushort code))
            {
                if (_frequencies.Count == MaxDistinctFrequencies)
                {
                    return false;
                }

                code = (ushort)_frequencies.Count;
                _codeOf[frequency] = code;
                _frequencies.Add(frequency);
            }

            AddCoded(row, code);
            return true;
        }

        /// <summary>The list of every posting added.</summary>
        public Bm25Postings Build() => new([.. _rows], [.. _codes], [.. _frequencies], double.NaN, 0.0);

        /// <summary>Adds a posting whose frequency already has <paramref name="code"/>.</summary>
        internal void AddCoded(int row, ushort code)
        {
            _rows.Add(row);
            _codes.Add(code);
        }
    }
}
