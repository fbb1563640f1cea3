// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Fuzz;

/// <summary>Thrown when a fuzz target's output breaks an invariant; AFL++ records the input as a crash.</summary>
internal sealed class FuzzFindingException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="FuzzFindingException"/> class.</summary>
    /// <param name="message">What was broken.</param>
    public FuzzFindingException(string message)
        : base(message)
    {
    }
}
