// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>
/// The history of a conversation with a <see cref="KnowledgeBase"/>. Pass it in <see cref="AskOptions.Conversation"/>:
/// follow-up questions are then rewritten into standalone queries, and each completed answer is appended.
/// </summary>
/// <remarks>Not thread-safe: use one instance per conversation and ask one question at a time.</remarks>
public sealed class Conversation
{
    private readonly List<ConversationTurn> _turns = [];

    /// <summary>Initializes a new instance of the <see cref="Conversation"/> class.</summary>
    /// <param name="maxTurns">The most turns kept; older turns are dropped first.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTurns"/> is less than 1.</exception>
    public Conversation(int maxTurns = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTurns, 1);
        MaxTurns = maxTurns;
    }

    /// <summary>Gets the most turns kept.</summary>
    public int MaxTurns { get; }

    /// <summary>Gets the turns, oldest first.</summary>
    public IReadOnlyList<ConversationTurn> Turns => _turns;

    /// <summary>Appends a turn (for example to restore a saved conversation), dropping the oldest beyond <see cref="MaxTurns"/>.</summary>
    /// <param name="turn">The turn.</param>
    /// <exception cref="ArgumentNullException"><paramref name="turn"/> is <see langword="null"/>.</exception>
    public void Add(ConversationTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        _turns.Add(turn);
        if (_turns.Count > MaxTurns)
        {
            _turns.RemoveRange(0, _turns.Count - MaxTurns);
        }
    }

    /// <summary>Forgets every turn.</summary>
    public void Clear() => _turns.Clear();
}
