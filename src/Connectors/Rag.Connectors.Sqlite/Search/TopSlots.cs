// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>The <c>top</c> best-scoring slots seen so far (a min-heap whose root is the score to beat).</summary>
internal sealed class TopSlots
{
    private readonly PriorityQueue<int, double> _heap;
    private readonly int _top;
    private double _threshold = double.NegativeInfinity;

    public TopSlots(int top)
    {
        _top = top;
        _heap = new PriorityQueue<int, double>(top + 1);
    }

    /// <summary>Gets the kept slots and their scores, in no particular order.</summary>
    public IEnumerable<(int Slot, double Score)> Items => _heap.UnorderedItems;

    public void Offer(int slot, double score)
    {
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
