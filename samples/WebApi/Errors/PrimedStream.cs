// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Errors;

/// <summary>Starts a <see cref="PrimedStream{T}"/>.</summary>
internal static class PrimedStream
{
    /// <summary>
    /// How long a stream waits for its first output before it starts anyway. Refusals come well within it (they are
    /// raised before the model takes the request); a request queued behind others is not kept without an answer longer.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads <paramref name="source"/> up to and including the first item that <paramref name="isOutput"/> accepts, to its
    /// end, or for at most <see cref="MaxWait"/>; ties the stream's disposal to the response of <paramref name="context"/>.
    /// </summary>
    public static async Task<PrimedStream<T>> StartAsync<T>(IAsyncEnumerable<T> source, Func<T, bool> isOutput, HttpContext context)
    {
        IAsyncEnumerator<T> enumerator = source.GetAsyncEnumerator(context.RequestAborted);
        var read = new List<T>();
        Task<bool>? pending = null;
        try
        {
            Task deadline = Task.Delay(MaxWait, context.RequestAborted);
            while (true)
            {
                pending = enumerator.MoveNextAsync().AsTask();
                if (await Task.WhenAny(pending, deadline) != pending)
                {
                    return Registered(context, new PrimedStream<T>(enumerator, read, pending)); // still waiting: start with what was read
                }

                bool hasItem = await pending;
                pending = null;
                if (!hasItem)
                {
                    return Registered(context, new PrimedStream<T>(enumerator, read, Task.FromResult(false)));
                }

                read.Add(enumerator.Current);
                if (isOutput(enumerator.Current))
                {
                    return Registered(context, new PrimedStream<T>(enumerator, read, null));
                }
            }
        }
        catch
        {
            if (pending is not null)
            {
                await pending.ContinueWith(static _ => { }, TaskScheduler.Default); // the source observes the same token
            }

            await enumerator.DisposeAsync();
            throw;
        }
    }

    private static PrimedStream<T> Registered<T>(HttpContext context, PrimedStream<T> stream)
    {
        context.Response.RegisterForDisposeAsync(stream);
        return stream;
    }
}
