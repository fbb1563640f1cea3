// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Errors;

/// <summary>Starts a <see cref="PrimedStream{T}"/>.</summary>
internal static class PrimedStream
{
    /// <summary>
    /// Reads <paramref name="source"/> up to and including the first item that <paramref name="isOutput"/> accepts (or to
    /// its end), and ties the stream's disposal to the response of <paramref name="context"/>.
    /// </summary>
    public static async Task<PrimedStream<T>> StartAsync<T>(IAsyncEnumerable<T> source, Func<T, bool> isOutput, HttpContext context)
    {
        IAsyncEnumerator<T> enumerator = source.GetAsyncEnumerator(context.RequestAborted);
        var read = new List<T>();
        try
        {
            while (await enumerator.MoveNextAsync())
            {
                read.Add(enumerator.Current);
                if (isOutput(enumerator.Current))
                {
                    return Registered(context, new PrimedStream<T>(enumerator, read, hasMore: true));
                }
            }

            return Registered(context, new PrimedStream<T>(enumerator, read, hasMore: false));
        }
        catch
        {
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
