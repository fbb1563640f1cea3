// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;

namespace Rag.Cli.Rendering;

/// <summary>Human-readable file sizes.</summary>
internal static class ByteSizes
{
    public static string Format(long bytes) => (bytes / 1_048_576.0).ToString("0 MB", CultureInfo.InvariantCulture);
}
