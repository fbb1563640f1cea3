// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>
/// Thrown when a folder sync would delete most of the index, or every document under a folder that is empty now (an unmounted
/// share, an unplugged disk): nothing is deleted. Sync again with <see cref="IngestionOptions.AllowMassDeletion"/> when the files are really gone.
/// </summary>
public sealed class MassDeletionException : InvalidOperationException
{
    internal MassDeletionException(string message, IReadOnlyList<string> paths)
        : base(message)
    {
        Paths = paths;
    }

    /// <summary>Gets the paths of the documents the sync would have deleted.</summary>
    public IReadOnlyList<string> Paths { get; }
}
