// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics;
using System.Numerics.Tensors;
using Rag.Connectors.Search;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>
/// The in-memory copy of a collection's vectors: one contiguous array (float, or int8 with a per-row scale),
/// scanned exactly with <see cref="TensorPrimitives"/>. Not thread-safe: callers hold the database gate.
/// </summary>
internal sealed class VectorIndex
{
    private readonly Dictionary<long, int> _slots = [];
    private float[] _vectors = [];
    private sbyte[] _codes = [];
    private float[] _scales = [];
    private long[] _rowIds = [];
    private int[] _groups = [];

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
    public long MemoryBytes => Quantized ? (long)_codes.Length + (_scales.Length * 4L) : _vectors.Length * 4L;

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

            _scales[slot] = Quantize(scratch, _codes.AsSpan(slot * Dimensions, Dimensions));
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
    }

    public void SetGroup(long rowId, int group)
    {
        if (_slots.TryGetValue(rowId, out int slot))
        {
            _groups[slot] = group;
        }
    }

    /// <summary>Scores one stored row against a prepared query; <see langword="null"/> when the row has no vector.</summary>
    public double? Score(long rowId, ReadOnlySpan<float> preparedQuery)
    {
        if (!_slots.TryGetValue(rowId, out int slot))
        {
            return null;
        }

        float queryScale = 0;
        sbyte[]? queryCodes = Quantized ? QuantizeQuery(preparedQuery, out queryScale) : null;
        return ScoreSlot(slot, preparedQuery, queryCodes, queryScale);
    }

    /// <summary>Finds the <paramref name="top"/> rows most similar to the prepared query (higher similarity first).</summary>
    public List<ScoredRow> Search(ReadOnlySpan<float> preparedQuery, int top, Func<long, int, bool>? filter)
    {
        var results = new List<ScoredRow>(Math.Min(top, Count));
        if (top <= 0 || Count == 0)
        {
            return results;
        }

        float queryScale = 0;
        sbyte[]? queryCodes = Quantized ? QuantizeQuery(preparedQuery, out queryScale) : null;
        var heap = new PriorityQueue<int, double>(top + 1);
        double threshold = double.NegativeInfinity;
        for (int slot = 0; slot < Count; slot++)
        {
            if (filter is not null && !filter(_rowIds[slot], _groups[slot]))
            {
                continue;
            }

            double score = ScoreSlot(slot, preparedQuery, queryCodes, queryScale);
            if (heap.Count < top)
            {
                heap.Enqueue(slot, score);
                if (heap.Count == top)
                {
                    heap.TryPeek(out _, out threshold);
                }
            }
            else if (score > threshold)
            {
                heap.EnqueueDequeue(slot, score);
                heap.TryPeek(out _, out threshold);
            }
        }

        while (heap.TryDequeue(out int slot, out double score))
        {
            results.Add(new ScoredRow(_rowIds[slot], score));
        }

        results.Reverse();
        return results;
    }

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

    internal static int DotInt8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int i = 0;
        int sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<sbyte>.Count)
        {
            var acc = Vector<int>.Zero;
            int width = Vector<sbyte>.Count;
            for (; i <= a.Length - width; i += width)
            {
                Vector.Widen(new Vector<sbyte>(a[i..]), out Vector<short> al, out Vector<short> ah);
                Vector.Widen(new Vector<sbyte>(b[i..]), out Vector<short> bl, out Vector<short> bh);

                // Codes are clamped to [-127, 127], so each product fits in a short.
                Vector.Widen(al * bl, out Vector<int> p0, out Vector<int> p1);
                Vector.Widen(ah * bh, out Vector<int> p2, out Vector<int> p3);
                acc += p0 + p1 + p2 + p3;
            }

            sum = Vector.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        float max = vector.Length == 0 ? 0 : TensorPrimitives.MaxMagnitude(vector);
        max = Math.Abs(max);
        if (max == 0)
        {
            codes.Clear();
            return 0;
        }

        float scale = max / 127f;
        float inverse = 1f / scale;
        for (int i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -127f, 127f);
        }

        return scale;
    }

    private static void Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    private sbyte[] QuantizeQuery(ReadOnlySpan<float> preparedQuery, out float scale)
    {
        sbyte[] codes = new sbyte[Dimensions];
        scale = Quantize(preparedQuery, codes);
        return codes;
    }

    private double ScoreSlot(int slot, ReadOnlySpan<float> preparedQuery, sbyte[]? queryCodes, float queryScale)
    {
        int dims = Dimensions;
        if (queryCodes is not null)
        {
            return DotInt8(queryCodes, _codes.AsSpan(slot * dims, dims)) * (double)_scales[slot] * queryScale;
        }

        ReadOnlySpan<float> row = _vectors.AsSpan(slot * dims, dims);
        return Metric == VectorMetric.Euclidean ? -TensorPrimitives.Distance(preparedQuery, row) : TensorPrimitives.Dot(preparedQuery, row);
    }

    private void EnsureCapacity(int needed)
    {
        if (_rowIds.Length >= needed)
        {
            return;
        }

        int capacity = Math.Max(needed, Math.Max(16, _rowIds.Length * 2));
        Array.Resize(ref _rowIds, capacity);
        Array.Resize(ref _groups, capacity);
        if (Quantized)
        {
            Array.Resize(ref _codes, capacity * Dimensions);
            Array.Resize(ref _scales, capacity);
        }
        else
        {
            Array.Resize(ref _vectors, capacity * Dimensions);
        }
    }
}
