// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.Search;

/// <summary>The range check of a knowledge store's BM25 weights (title, heading path, text), shared by the stores.</summary>
internal static class FullTextWeights
{
    /// <summary>The largest weight accepted.</summary>
    public const double Max = 100;

    /// <summary>Throws naming the first weight outside (0, <see cref="Max"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is not a number in (0, 100].</exception>
    public static void Validate(double title, double heading, double text)
    {
        foreach ((double weight, string name) in new[] { (title, "TitleWeight"), (heading, "HeadingWeight"), (text, "TextWeight") })
        {
            if (!(weight > 0 && weight <= Max))
            {
                throw new ArgumentOutOfRangeException(name, weight, "Full-text weights must be in (0, 100].");
            }
        }
    }
}
