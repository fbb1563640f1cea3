// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Rag.Benchmarks;

/// <summary>Reads what a sample server started as a child process prints, and keeps its pipes drained.</summary>
internal static partial class SampleServerOutput
{
    /// <summary>Waits (at most a minute) for the server's "Now listening on" line and returns that address.</summary>
    public static async Task<Uri> ReadListeningAddressAsync(Process server, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ListeningRegex().Match(line) is { Success: true } match)
            {
                _ = server.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep draining so the server never blocks on a full pipe
                _ = server.StandardError.ReadToEndAsync(CancellationToken.None);
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException($"The sample exited before listening: {await server.StandardError.ReadToEndAsync(cancellationToken)}");
    }

    /// <summary>The nearest-rank percentile of <paramref name="values"/>, <paramref name="p"/> in [0, 1].</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningRegex();
}
