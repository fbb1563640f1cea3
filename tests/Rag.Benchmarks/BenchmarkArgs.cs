// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Benchmarks;

/// <summary>Reads <c>--name value</c> options of a benchmark command.</summary>
internal static class BenchmarkArgs
{
    public static string Get(string[] args, string name, string defaultValue)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : defaultValue;
    }
}
