// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// Streams text while watching for stop sequences: text that could still be the start of a stop sequence is held
/// back until it can be decided, so a stop sequence never reaches the caller, even when split across tokens.
/// </summary>
internal sealed class StopSequenceMatcher
{
    private readonly IReadOnlyList<string> _stops;
    private readonly StringBuilder _pending = new();

    public StopSequenceMatcher(IList<string>? stopSequences)
    {
        var stops = new List<string>();
        if (stopSequences is not null)
        {
            foreach (string s in stopSequences)
            {
                if (!string.IsNullOrEmpty(s))
                {
                    stops.Add(s);
                }
            }
        }

        _stops = stops;
    }

    /// <summary>Adds text; returns what can be released now, and whether a stop sequence was hit (text after it is dropped).</summary>
    public string Append(string text, out bool stopped)
    {
        stopped = false;
        if (_stops.Count == 0)
        {
            return text;
        }

        _pending.Append(text);
        string pending = _pending.ToString();
        int stopAt = -1;
        foreach (string stop in _stops)
        {
            int i = pending.IndexOf(stop, StringComparison.Ordinal);
            if (i >= 0 && (stopAt < 0 || i < stopAt))
            {
                stopAt = i;
            }
        }

        if (stopAt >= 0)
        {
            stopped = true;
            _pending.Clear();
            return pending[..stopAt];
        }

        int hold = 0;
        foreach (string stop in _stops)
        {
            for (int len = Math.Min(stop.Length - 1, pending.Length); len > hold; len--)
            {
                if (pending.AsSpan(pending.Length - len).SequenceEqual(stop.AsSpan(0, len)))
                {
                    hold = len;
                    break;
                }
            }
        }

        _pending.Clear().Append(pending, pending.Length - hold, hold);
        return pending[..^hold];
    }

    /// <summary>Releases held-back text at the end of generation (no stop sequence completed).</summary>
    public string Flush()
    {
        string rest = _pending.ToString();
        _pending.Clear();
        return rest;
    }
}
