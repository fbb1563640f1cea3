// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Errors;

/// <summary>
/// A stream whose first items have already been awaited, before the HTTP response starts: whatever fails until then
/// (a prompt too long for the model, a full queue, a bad schema) still becomes a status code and a reason, where after
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
    private readonly bool _hasMore;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PrimedStream{T}"/> class over an enumerator that has read <paramref name="read"/>.</summary>
    public PrimedStream(IAsyncEnumerator<T> source, List<T> read, bool hasMore)
    {
        _source = source;
        _read = read;
        _hasMore = hasMore;
    }

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (T item in _read)
            {
                yield return item;
            }

            while (_hasMore && await _source.MoveNextAsync())
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

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? _source.DisposeAsync() : ValueTask.CompletedTask;
}
