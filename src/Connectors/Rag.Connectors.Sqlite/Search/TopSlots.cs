// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>
/// The <c>top</c> best-scoring slots seen so far (a min-heap whose root is the score to beat), of those scoring at least
/// a floor.
/// </summary>
internal sealed class TopSlots
{
    private readonly PriorityQueue<int, double> _heap;
    private readonly int _top;
    private double _threshold;

    /// <param name="top">How many slots to keep.</param>
    /// <param name="floor">The lowest score a slot is kept with.</param>
    public TopSlots(int top, double floor = double.NegativeInfinity)
    {
        _top = top;
        _threshold = floor;
        _heap = new PriorityQueue<int, double>(Math.Min(top, 1024) + 1);
    }

    /// <summary>Gets the kept slots and their scores, in no particular order.</summary>
    public IEnumerable<(int Slot, double Score)> Items => _heap.UnorderedItems;

    public void Offer(int slot, double score)
    {
        if (score < _threshold)
        {
            return;
        }

        if (_heap.Count < _top)
        {
            _heap.Enqueue(slot, score);
            if (_heap.Count == _top)
            {
                _heap.TryPeek(out _, out _threshold);
            }
        }
        else if (score > _threshold)
        {
            _heap.EnqueueDequeue(slot, score);
            _heap.TryPeek(out _, out _threshold);
        }
    }
}
