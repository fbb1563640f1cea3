// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Rag.Connectors.Postgres.Search;

/// <summary>
/// The BM25 corpus statistics of a table (row count and average document length, in distinct lexemes), read
/// with one scan and kept for at most <see cref="MaxAge"/>; this process's writes discard them at once, other nodes'
/// writes are seen within <see cref="MaxAge"/>. Rankings depend on these figures only through the IDF and length terms.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class KeywordStatistics(string table, string searchColumn)
{
    /// <summary>How long statistics are reused before they are read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time = TimeProvider.System;
    private Snapshot? _current;
    private long _writes;

    /// <summary>Discards the statistics after a write.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _writes);
        _current = null;
    }

    /// <summary>Returns the statistics, reading them when none are held or they are older than <see cref="MaxAge"/>.</summary>
    public async Task<(double Count, double AverageLength)> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (_current is { } held && _time.GetElapsedTime(held.ReadAt) < MaxAge)
        {
            return (held.Count, held.AverageLength);
        }

        long writes = Interlocked.Read(ref _writes);
        long readAt = _time.GetTimestamp();
        var command = new NpgsqlCommand(
            $"SELECT count(*)::float8, coalesce(avg(length(c.{searchColumn})), 0)::float8 FROM {table} c;",
            connection,
            transaction);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        (double count, double average) = (reader.GetDouble(0), reader.GetDouble(1));
        if (Interlocked.Read(ref _writes) == writes)
        {
            _current = new Snapshot(count, average, readAt); // not when a write raced the read: the next search reads again
        }

        return (count, average);
    }

    private sealed record Snapshot(double Count, double AverageLength, long ReadAt);
}
