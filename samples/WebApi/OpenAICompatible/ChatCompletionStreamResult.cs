// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.WebApi.Errors;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>
/// Writes a streamed chat completion in OpenAI's format: <c>data: {chunk}</c> events (the first carries the role, each
/// next a text delta, the last the finish reason), a usage chunk when <c>stream_options.include_usage</c> asks for it,
/// then <c>data: [DONE]</c>.
/// </summary>
/// <remarks>
/// The endpoint awaits the first update before it returns this result (<see cref="PrimedStream{T}"/>, for at most
/// <see cref="PrimedStream.MaxWait"/>), so an oversized prompt or a full queue is still an error status. A refusal after
/// the start is an error event; any other failure aborts the connection: the client sees a broken stream, never a
/// truncated one that looks complete.
/// </remarks>
internal sealed class ChatCompletionStreamResult(
    PrimedStream<ChatResponseUpdate> updates, string id, long created, string model, bool includeUsage, ILogger logger) : IResult
{
    private static readonly byte[] s_done = Encoding.UTF8.GetBytes("data: [DONE]\n\n");
    private static readonly byte[] s_dataPrefix = Encoding.UTF8.GetBytes("data: ");
    private static readonly byte[] s_eventEnd = Encoding.UTF8.GetBytes("\n\n");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        CancellationToken cancellationToken = httpContext.RequestAborted;
        HttpResponse response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await WriteChunkAsync(response, new ChatCompletionDelta("assistant", string.Empty), null, null, cancellationToken);
            ChatFinishReason? finishReason = null;
            UsageDetails? usage = null;
            await foreach (ChatResponseUpdate update in updates.WithCancellation(cancellationToken))
            {
                finishReason = update.FinishReason ?? finishReason;
                foreach (UsageContent content in update.Contents.OfType<UsageContent>())
                {
                    usage = content.Details;
                }

                if (update.Text is { Length: > 0 } text)
                {
                    await WriteChunkAsync(response, new ChatCompletionDelta(null, text), null, null, cancellationToken);
                }
            }

            await WriteChunkAsync(response, new ChatCompletionDelta(null, null), ChatCompletionTranslator.FinishReason(finishReason), null, cancellationToken);
            if (includeUsage)
            {
                await WriteAsync(response, new ChatCompletionChunk(id, created, model, [], ChatCompletionsEndpoint.ToUsage(usage) ?? new CompletionUsage(0, 0, 0)), cancellationToken);
            }

            await response.Body.WriteAsync(s_done, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the token has already stopped generation.
        }
        catch (Exception e) when (ModelFailure.ToClientError(e) is { } refusal)
        {
            // A refusal after the start (the request waited longer than PrimedStream.MaxWait): an error event, which
            // OpenAI clients raise as an API error, and no [DONE].
            await WriteEventAsync(response, refusal.ToOpenAIError().ToUtf8Json(), CancellationToken.None);
        }
        catch (Exception e)
        {
            OpenAILog.StreamFailed(logger, e, id);
            httpContext.Abort();
        }
    }

    private Task WriteChunkAsync(HttpResponse response, ChatCompletionDelta delta, string? finishReason, CompletionUsage? usage, CancellationToken cancellationToken) =>
        WriteAsync(response, new ChatCompletionChunk(id, created, model, [new ChatCompletionChunkChoice(0, delta, finishReason)], usage), cancellationToken);

    private static Task WriteAsync(HttpResponse response, ChatCompletionChunk chunk, CancellationToken cancellationToken) =>
        WriteEventAsync(response, JsonSerializer.SerializeToUtf8Bytes(chunk, OpenAIJson.Options), cancellationToken);

    private static async Task WriteEventAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(s_dataPrefix, cancellationToken);
        await response.Body.WriteAsync(json, cancellationToken);
        await response.Body.WriteAsync(s_eventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
