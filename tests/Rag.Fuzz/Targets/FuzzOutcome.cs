// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Fuzz;

/// <summary>What a fuzz target did with an input that produced no finding.</summary>
internal enum FuzzOutcome
{
    /// <summary>The input was read and chunked, and the chunks passed every check.</summary>
    Read,

    /// <summary>The reader refused the input with its documented <see cref="System.IO.InvalidDataException"/>.</summary>
    Rejected,
}
