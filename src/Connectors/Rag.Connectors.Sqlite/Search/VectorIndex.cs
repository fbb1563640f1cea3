// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using Rag.Connectors.Search;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>
/// The in-memory copy of a collection's vectors: one contiguous array, float (scanned exactly with
/// <see cref="TensorPrimitives"/>) or int8 codes with a per-row scale (scanned with integer <see cref="Int8Dot"/> products;
/// the caller rescores the best candidates from the stored floats). Not thread-safe for writes: callers hold the database gate.
/// </summary>
internal sealed class VectorIndex
{
    private readonly Dictionary<long, int> _slots = [];
    private float[] _vectors = [];
    private sbyte[] _codes = [];
    private float[] _scales = [];
    private float[] _roundingSums = [];
    private long[] _rowIds = [];
    private int[] _groups = [];
    private float _maxScale;

    public VectorIndex(int dimensions, VectorMetric metric, bool quantized)
    {
        Dimensions = dimensions;
        Metric = metric;
        Quantized = quantized && metric != VectorMetric.Euclidean;
    }

    public int Dimensions { get; }

    public VectorMetric Metric { get; }

    public bool Quantized { get; }

    public int Count { get; private set; }

    /// <summary>Gets the bytes held by the vector arrays.</summary>
    public long MemoryBytes => Quantized ? (long)_codes.Length + (_scales.Length * 8L) : _vectors.Length * 4L;

    /// <summary>Gets the row count from which an int8 scan is split across the processor's cores.</summary>
    public static int ParallelScanRows => 32_768;

    public bool Contains(long rowId) => _slots.ContainsKey(rowId);

    /// <summary>Turns a query into the form rows are stored in (unit length for cosine).</summary>
    public float[] PrepareQuery(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query vector has {query.Length} dimensions; the collection holds {Dimensions}.", nameof(query));
        }

        float[] prepared = query.ToArray();
        if (Metric == VectorMetric.Cosine)
        {
            Normalize(prepared);
        }

        return prepared;
    }

    public void Set(long rowId, int group, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; the collection holds {Dimensions}.", nameof(vector));
        }

        if (!_slots.TryGetValue(rowId, out int slot))
        {
            slot = Count;
            EnsureCapacity(Count + 1);
            _slots[rowId] = slot;
            Count++;
        }

        _rowIds[slot] = rowId;
        _groups[slot] = group;
        if (Quantized)
        {
            Span<float> scratch = vector.Length <= 1024 ? stackalloc float[vector.Length] : new float[vector.Length];
            vector.CopyTo(scratch);
            if (Metric == VectorMetric.Cosine)
            {
                Normalize(scratch);
            }

            Span<sbyte> rowCodes = _codes.AsSpan(slot * Dimensions, Dimensions);
            _scales[slot] = Quantize(scratch, rowCodes);
            _roundingSums[slot] = RoundingSum(scratch, rowCodes, _scales[slot]);
            _maxScale = Math.Max(_maxScale, _scales[slot]);
        }
        else
        {
            Span<float> target = _vectors.AsSpan(slot * Dimensions, Dimensions);
            vector.CopyTo(target);
            if (Metric == VectorMetric.Cosine)
            {
                Normalize(target);
            }
        }
    }

    public bool Remove(long rowId)
    {
        if (!_slots.Remove(rowId, out int slot))
        {
            return false;
        }

        int last = Count - 1;
        if (slot != last)
        {
            long movedRow = _rowIds[last];
            _rowIds[slot] = movedRow;
            _groups[slot] = _groups[last];
            if (Quantized)
            {
                _codes.AsSpan(last * Dimensions, Dimensions).CopyTo(_codes.AsSpan(slot * Dimensions, Dimensions));
                _scales[slot] = _scales[last];
                _roundingSums[slot] = _roundingSums[last];
            }
            else
            {
                _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
            }

            _slots[movedRow] = slot;
        }

        Count--;
        return true;
    }

    public void Clear()
    {
        _slots.Clear();
        Count = 0;
        _maxScale = 0;
    }

    public void SetGroup(long rowId, int group)
    {
        if (_slots.TryGetValue(rowId, out int slot))
        {
            _groups[slot] = group;
        }
    }

    /// <summary>
    /// Scores the stored rows among <paramref name="rowIds"/> against a prepared query (approximately for an int8 index, whose
    /// query is quantised once for all of them), in the order given; rows without a vector are left out.
    /// </summary>
    public List<ScoredRow> Scores(IEnumerable<long> rowIds, ReadOnlySpan<float> preparedQuery)
    {
        var scores = new List<ScoredRow>();
        float queryScale = 0;
        short[] queryCodes = Quantized ? QuantizeQuery(preparedQuery, out queryScale) : [];
        var terms = new ScanTerms(0, MeanPerQueryScale(preparedQuery, queryScale));
        foreach (long rowId in rowIds)
        {
            if (_slots.TryGetValue(rowId, out int slot))
            {
                scores.Add(new ScoredRow(rowId, Quantized
                    ? ScanScore(Int8Dot.Dot(queryCodes, _codes.AsSpan(slot * Dimensions, Dimensions)), slot, terms) * (double)queryScale
                    : ScoreExact(slot, preparedQuery)));
            }
        }

        return scores;
    }

    /// <summary>
    /// Finds the <paramref name="top"/> rows most similar to the prepared query (higher similarity first). An int8 index
    /// ranks by its approximate similarity, on every core once it holds <see cref="ParallelScanRows"/> rows or more.
    /// </summary>
    public List<ScoredRow> Search(ReadOnlySpan<float> preparedQuery, int top, Func<long, int, bool>? filter)
    {
        if (top <= 0 || Count == 0)
        {
            return [];
        }

        if (!Quantized)
        {
            var best = new TopSlots(top);
            for (int slot = 0; slot < Count; slot++)
            {
                if (filter is null || filter(_rowIds[slot], _groups[slot]))
                {
                    best.Offer(slot, ScoreExact(slot, preparedQuery));
                }
            }

            return Rows([best], 1d, top);
        }

        short[] queryCodes = QuantizeQuery(preparedQuery, out float queryScale);
        return ScanQuantized(queryCodes, queryScale, top, double.NegativeInfinity, new ScanTerms(0, MeanPerQueryScale(preparedQuery, queryScale)), filter);
    }

    /// <summary>
    /// The rows of an int8 index whose approximate similarity plus their error margin (<see cref="ErrorMarginsOf"/>) reaches
    /// <paramref name="cut"/> (the rows that may beat an exact score of <paramref name="cut"/>), the <paramref name="top"/>
    /// most promising first, each with that optimistic similarity.
    /// </summary>
    public List<ScoredRow> SearchWithin(ReadOnlySpan<float> preparedQuery, double cut, int top, Func<long, int, bool>? filter)
    {
        if (!Quantized)
        {
            throw new InvalidOperationException("Only an int8 index has an error margin.");
        }

        if (top <= 0 || Count == 0)
        {
            return [];
        }

        short[] queryCodes = QuantizeQuery(preparedQuery, out float queryScale);
        if (queryScale == 0)
        {
            return Search(preparedQuery, top, filter); // a zero query: every row scores 0 exactly
        }

        // In the scan's units (the query's scale): optimistic = scale * (dot + margin per scale) + rounding sum * mean of the query.
        double marginPerScale = MarginPerScale(preparedQuery, queryCodes, queryScale);
        return ScanQuantized(queryCodes, queryScale, top, cut / queryScale, new ScanTerms(marginPerScale / queryScale, MeanPerQueryScale(preparedQuery, queryScale)), filter);
    }

    /// <summary>
    /// How far the approximate similarity of each row of an int8 index to <paramref name="preparedQuery"/> is taken to be at
    /// most from the exact one (zero for a float index). The approximation is <c>quantised q . quantised row</c> plus the
    /// query's mean times the row's rounding sum, so the difference is <c>(q - mean) . rounding + (q - quantised q) .
    /// quantised row</c>: the first term, whose part along the mean is exact, is held to six standard deviations of
    /// independent rounding (<c>scale * |q - mean|2 * 6 / sqrt(12)</c>) or to its worst case (<c>scale * |q - mean|1 / 2</c>)
    /// where smaller; the second term and the float rounding of an exact score are added at their worst. Right for
    /// embeddings, whose rounding behaves like noise; vectors built on int8's rounding boundaries with a shared sign pattern
    /// can exceed it (an index without quantisation is exact by construction).
    /// </summary>
    public ErrorMargins ErrorMarginsOf(ReadOnlySpan<float> preparedQuery)
    {
        if (!Quantized)
        {
            return new ErrorMargins(this, 0);
        }

        short[] queryCodes = QuantizeQuery(preparedQuery, out float queryScale);
        return new ErrorMargins(this, MarginPerScale(preparedQuery, queryCodes, queryScale));
    }

    /// <summary>The <see cref="ErrorMarginsOf"/> of a row of scale 1 (a row's is its scale times this), rounded up.</summary>
    private double MarginPerScale(ReadOnlySpan<float> preparedQuery, short[] queryCodes, float queryScale)
    {
        double mean = TensorPrimitives.Average(preparedQuery);
        double centredL1 = 0;
        double centredL2 = 0;
        double queryError = 0;
        for (int i = 0; i < queryCodes.Length; i++)
        {
            double centred = preparedQuery[i] - mean;
            centredL1 += Math.Abs(centred);
            centredL2 += centred * centred;
            double difference = preparedQuery[i] - ((double)queryCodes[i] * queryScale);
            queryError += difference * difference;
        }

        double rowRounding = Math.Min(centredL1 / 2, Math.Sqrt(centredL2) * 6 / Math.Sqrt(12));
        double rowLengthPerScale = Math.Sqrt(Dimensions) * 127; // |quantised row| <= sqrt(d) * 127 * scale
        double queryRounding = Math.Sqrt(queryError) * rowLengthPerScale;
        double exactRounding = Dimensions * Math.ScaleB(1d, -21) * TensorPrimitives.Norm(preparedQuery) * rowLengthPerScale;
        double sumRounding = Math.Abs(mean) * Dimensions * Math.ScaleB(1d, -23); // the rounding sum held as a float: |sum| <= d * scale / 2
        return (rowRounding + queryRounding + exactRounding + sumRounding) * (1 + 1e-6);
    }

    /// <summary>The query's mean in units of its scale: what a row's rounding sum adds to its scan score.</summary>
    private static double MeanPerQueryScale(ReadOnlySpan<float> preparedQuery, float queryScale) =>
        queryScale > 0 ? TensorPrimitives.Average(preparedQuery) / queryScale : 0;

    /// <summary>The exact similarity of two vectors under this index's metric (both already prepared).</summary>
    public double ExactSimilarity(ReadOnlySpan<float> preparedQuery, ReadOnlySpan<float> rawVector)
    {
        switch (Metric)
        {
            case VectorMetric.Cosine:
                return TensorPrimitives.CosineSimilarity(preparedQuery, rawVector);
            case VectorMetric.DotProduct:
                return TensorPrimitives.Dot(preparedQuery, rawVector);
            default:
                return -TensorPrimitives.Distance(preparedQuery, rawVector);
        }
    }

    /// <summary>Quantises a row to int8 codes in [-127, 127] with one scale (the largest magnitude over 127); returns the scale.</summary>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        float max = vector.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (max == 0)
        {
            codes.Clear();
            return 0;
        }

        float scale = max / 127f;
        float inverse = 1f / scale;

        // The same IEEE operations element by element as a scalar loop (multiply, round half to even, clamp), on every core's
        // vector width alike, so the codes do not depend on the CPU.
        Span<float> scaled = vector.Length <= 1024 ? stackalloc float[vector.Length] : new float[vector.Length];
        TensorPrimitives.Multiply(vector, inverse, scaled);
        TensorPrimitives.Round(scaled, scaled);
        TensorPrimitives.Clamp(scaled, -127f, 127f, scaled);
        ToCodes(scaled, codes);
        return scale;
    }

    /// <summary>The sum of the differences between a row's values and its codes times its scale (its rounding, summed).</summary>
    private static float RoundingSum(ReadOnlySpan<float> vector, ReadOnlySpan<sbyte> codes, float scale)
    {
        double sum = 0;
        for (int i = 0; i < vector.Length; i++)
        {
            sum += vector[i] - ((double)codes[i] * scale);
        }

        return (float)sum;
    }

    /// <summary>
    /// Narrows whole numbers in [-127, 127] held as floats to int8, 32 at a time where the CPU has 256-bit vectors (exact on
    /// every path; <see cref="TensorPrimitives.ConvertTruncating{TFrom, TTo}(ReadOnlySpan{TFrom}, Span{TTo})"/> converts float
    /// to sbyte one element at a time).
    /// </summary>
    private static void ToCodes(ReadOnlySpan<float> wholes, Span<sbyte> codes)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= wholes.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                ReadOnlySpan<float> block = wholes.Slice(i, Vector256<sbyte>.Count);
                Vector256<short> low = Vector256.Narrow(Vector256.ConvertToInt32(Vector256.Create(block[..8])), Vector256.ConvertToInt32(Vector256.Create(block[8..16])));
                Vector256<short> high = Vector256.Narrow(Vector256.ConvertToInt32(Vector256.Create(block[16..24])), Vector256.ConvertToInt32(Vector256.Create(block[24..])));
                Vector256.Narrow(low, high).CopyTo(codes.Slice(i, Vector256<sbyte>.Count));
            }
        }

        for (; i < wholes.Length; i++)
        {
            codes[i] = (sbyte)wholes[i];
        }
    }

    private static void Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>The query as int16 codes: far finer than the rows' int8, and within <see cref="Int8Dot.MaxQueryCode"/> so sums cannot overflow.</summary>
    private short[] QuantizeQuery(ReadOnlySpan<float> preparedQuery, out float scale)
    {
        short[] codes = new short[Dimensions];
        float max = Math.Abs(TensorPrimitives.MaxMagnitude(preparedQuery));
        if (max == 0)
        {
            scale = 0;
            return codes;
        }

        short limit = Int8Dot.MaxQueryCode(Dimensions);
        scale = max / limit;
        float inverse = limit / max;
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = (short)Math.Clamp(MathF.Round(preparedQuery[i] * inverse), -limit, limit);
        }

        return codes;
    }

    /// <summary>
    /// The <paramref name="top"/> rows by <c>scale * (dot + terms.PerScale) + roundingSum * terms.PerRoundingSum</c> at
    /// or above <paramref name="floor"/> (all in units of the query's scale), on every core once the index holds
    /// <see cref="ParallelScanRows"/> rows or more.
    /// </summary>
    private List<ScoredRow> ScanQuantized(short[] queryCodes, float queryScale, int top, double floor, ScanTerms terms, Func<long, int, bool>? filter)
    {
        int parts = Math.Clamp(Count / ParallelScanRows, 1, Environment.ProcessorCount);
        var partial = new TopSlots[parts];
        if (parts == 1)
        {
            partial[0] = ScanQuantized(queryCodes, 0, Count, top, floor, terms, filter);
        }
        else
        {
            int size = (Count + parts - 1) / parts;
            Parallel.For(0, parts, p => partial[p] = ScanQuantized(queryCodes, p * size, Math.Min(Count, (p + 1) * size), top, floor, terms, filter));
        }

        return Rows(partial, queryScale, top);
    }

    private TopSlots ScanQuantized(short[] queryCodes, int from, int to, int top, double floor, ScanTerms terms, Func<long, int, bool>? filter)
    {
        var best = new TopSlots(top, floor);
        int dims = Dimensions;
        ReadOnlySpan<sbyte> codes = _codes;
        for (int slot = from; slot < to; slot++)
        {
            if (filter is null || filter(_rowIds[slot], _groups[slot]))
            {
                best.Offer(slot, ScanScore(Int8Dot.Dot(queryCodes, codes.Slice(slot * dims, dims)), slot, terms));
            }
        }

        return best;
    }

    /// <summary>A row's scan score from its int8 product, in units of the query's scale.</summary>
    private double ScanScore(int dot, int slot, ScanTerms terms) => ((dot + terms.PerScale) * _scales[slot]) + (terms.PerRoundingSum * _roundingSums[slot]);

    /// <summary>Merges partial results: best first, ties by row id, so the answer does not depend on how the scan was split.</summary>
    private List<ScoredRow> Rows(TopSlots[] partial, double scale, int top)
    {
        var rows = new List<ScoredRow>();
        foreach (TopSlots best in partial)
        {
            foreach ((int slot, double score) in best.Items)
            {
                rows.Add(new ScoredRow(_rowIds[slot], score * scale));
            }
        }

        rows.Sort(ScoredRow.BestFirst);
        return rows.Count > top ? rows.GetRange(0, top) : rows;
    }

    private double ScoreExact(int slot, ReadOnlySpan<float> preparedQuery)
    {
        ReadOnlySpan<float> row = _vectors.AsSpan(slot * Dimensions, Dimensions);
        return Metric == VectorMetric.Euclidean ? -TensorPrimitives.Distance(preparedQuery, row) : TensorPrimitives.Dot(preparedQuery, row);
    }

    /// <summary>Sizes the arrays and the row map for <paramref name="rows"/> rows at once, so that a load of that many grows nothing.</summary>
    public void Reserve(int rows)
    {
        _slots.EnsureCapacity(rows);
        if (_rowIds.Length < rows)
        {
            Resize(rows);
        }
    }

    /// <summary>Shrinks the arrays to the rows held (after a load: capacity grows by doubling, which can leave half of it unused).</summary>
    public void TrimExcess()
    {
        int capacity = Math.Max(16, Count);
        if (_rowIds.Length <= capacity)
        {
            return;
        }

        Resize(capacity);
    }

    private void EnsureCapacity(int needed)
    {
        if (_rowIds.Length >= needed)
        {
            return;
        }

        Resize(Math.Max(needed, Math.Max(16, _rowIds.Length * 2)));
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _rowIds, capacity);
        Array.Resize(ref _groups, capacity);
        if (Quantized)
        {
            Array.Resize(ref _codes, capacity * Dimensions);
            Array.Resize(ref _scales, capacity);
            Array.Resize(ref _roundingSums, capacity);
        }
        else
        {
            Array.Resize(ref _vectors, capacity * Dimensions);
        }
    }

    /// <summary>What a scan adds to a row's int8 product: per unit of its scale, and per unit of its rounding sum.</summary>
    private readonly record struct ScanTerms(double PerScale, double PerRoundingSum);

    /// <summary>The error margins of one query over an int8 index (<see cref="ErrorMarginsOf"/>).</summary>
    public readonly struct ErrorMargins
    {
        private readonly VectorIndex _index;
        private readonly double _perScale;

        internal ErrorMargins(VectorIndex index, double perScale)
        {
            _index = index;
            _perScale = perScale;
        }

        /// <summary>Gets the largest margin of any row the index holds or held since it was last cleared.</summary>
        public double Largest => _perScale * _index._maxScale;

        /// <summary>The margin of one row.</summary>
        public double Of(long rowId) => _perScale * _index._scales[_index._slots[rowId]];
    }
}
