// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Errors;

/// <summary>
/// A stream whose first items have already been awaited, before the HTTP response starts: whatever fails until then
/// (a question too long for the model, a full queue, a bad schema) still becomes a status code and a reason, where after
/// the first byte it could only break the stream. The items read so far are replayed, then the rest follows.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Started by <see cref="PrimedStream.StartAsync"/>, which disposes it with the response: it holds the source's
/// enumerator, and with it the model's slot, until the stream ends or the response is done, even one never written.
/// </remarks>
internal sealed class PrimedStream<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private readonly IAsyncEnumerator<T> _source;
    private readonly List<T> _read;
    private readonly Task<bool>? _pending;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PrimedStream{T}"/> class.</summary>
    /// <param name="source">The source's enumerator, after <paramref name="read"/>.</param>
    /// <param name="read">The items read before the response starts.</param>
    /// <param name="pending">A move of <paramref name="source"/> still under way (or its known end), or <see langword="null"/> when none was started.</param>
    public PrimedStream(IAsyncEnumerator<T> source, List<T> read, Task<bool>? pending)
    {
        _source = source;
        _read = read;
        _pending = pending;
    }

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (T item in _read)
            {
                yield return item;
            }

            if (_pending is not null)
            {
                if (!await _pending)
                {
                    yield break;
                }

                yield return _source.Current;
            }

            while (await _source.MoveNextAsync())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return _source.Current;
            }
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_pending is not null)
            {
                await _pending.ContinueWith(static _ => { }, TaskScheduler.Default); // an enumerator cannot be disposed mid-move
            }

            await _source.DisposeAsync();
        }
    }
}
