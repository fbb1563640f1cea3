// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// The rows of an FTS5 table as <see cref="Bm25Ranker"/> holds them: row ids in ascending order, each with its token count
/// (FTS5's <c>docsize</c>, all columns), in slots that posting lists refer to by ordinal. A deleted row keeps its slot,
/// marked free, so that no ordinal moves; a row id inserted later than every slot is appended.
/// </summary>
internal sealed class Bm25Rows
{
    // FTS5's bm25() constants.
    private const double K1 = 1.2;
    private const double B = 0.75;

    private const int Free = -1;

    private long[] _rowIds;
    private int[] _lengths;
    private long _totalLength;

    /// <param name="rowIds">The row ids, ascending.</param>
    /// <param name="lengths">Each row's token count.</param>
    public Bm25Rows(long[] rowIds, int[] lengths)
    {
        _rowIds = rowIds;
        _lengths = lengths;
        Slots = rowIds.Length;
        LiveRows = rowIds.Length;
        foreach (int length in lengths)
        {
            _totalLength += length;
        }

        AverageLength = AverageOf(_totalLength, LiveRows);
    }

    /// <summary>Gets how many slots are in use (live rows and freed ones); ordinals run below it.</summary>
    public int Slots { get; private set; }

    /// <summary>Gets how many rows the table holds: FTS5's row count.</summary>
    public int LiveRows { get; private set; }

    /// <summary>Gets the average row length, as FTS5's <c>bm25()</c> computes it (total tokens / rows).</summary>
    public double AverageLength { get; private set; }

    /// <summary>Gets the row id of a slot.</summary>
    public long RowId(int ordinal) => _rowIds[ordinal];

    /// <summary>Gets the token count of a live slot.</summary>
    public int Length(int ordinal) => _lengths[ordinal];

    /// <summary>
    /// The part of a phrase's <c>bm25()</c> term that depends on the row, not the query, <c>f(k1 + 1) / (f + k1(1 - b + b·D/avgdl))</c>
    /// for the live slot <paramref name="ordinal"/> holding the phrase with column-weighted frequency <paramref name="frequency"/>,
    /// evaluated as FTS5 evaluates it, so that multiplying by the IDF gives FTS5's number to the last bit.
    /// </summary>
    public double FrequencyPart(double frequency, int ordinal) =>
        (frequency * (K1 + 1.0)) / (frequency + (K1 * (1 - B + (B * _lengths[ordinal] / AverageLength))));

    /// <summary>Gets the slot of a live row, or -1 when the table does not hold it.</summary>
    public int OrdinalOf(long rowId)
    {
        int ordinal = Array.BinarySearch(_rowIds, 0, Slots, rowId);
        return ordinal >= 0 && _lengths[ordinal] != Free ? ordinal : -1;
    }

    /// <summary>Frees the slots of deleted rows; <see langword="false"/> when one is not held (the rows no longer match the table).</summary>
    public bool Remove(IEnumerable<long> rowIds)
    {
        foreach (long rowId in rowIds)
        {
            int ordinal = OrdinalOf(rowId);
            if (ordinal < 0)
            {
                return false;
            }

            _totalLength -= _lengths[ordinal];
            _lengths[ordinal] = Free;
            LiveRows--;
        }

        AverageLength = AverageOf(_totalLength, LiveRows);
        return true;
    }

    /// <summary>
    /// Gives inserted rows a slot: the freed slot of the same row id, or a new one after the last; <see langword="false"/>
    /// when a row id falls between slots or is already held, which only a full read can place.
    /// </summary>
    public bool Add(IEnumerable<(long RowId, int Length)> rows)
    {
        foreach ((long rowId, int length) in rows)
        {
            int ordinal;
            if (Slots == 0 || rowId > _rowIds[Slots - 1])
            {
                ordinal = Slots;
                EnsureCapacity(Slots + 1);
                _rowIds[ordinal] = rowId;
                Slots++;
            }
            else
            {
                ordinal = Array.BinarySearch(_rowIds, 0, Slots, rowId);
                if (ordinal < 0 || _lengths[ordinal] != Free)
                {
                    return false;
                }
            }

            _lengths[ordinal] = length;
            _totalLength += length;
            LiveRows++;
        }

        AverageLength = AverageOf(_totalLength, LiveRows);
        return true;
    }

    private static double AverageOf(long total, int rows) => rows == 0 ? 0 : (double)total / rows;

    private void EnsureCapacity(int needed)
    {
        if (needed <= _rowIds.Length)
        {
            return;
        }

        int capacity = Math.Max(needed, Math.Max(16, _rowIds.Length + (_rowIds.Length / 2)));
        Array.Resize(ref _rowIds, capacity);
        Array.Resize(ref _lengths, capacity);
    }
}
