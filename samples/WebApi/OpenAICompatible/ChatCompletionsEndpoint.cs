// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp;

namespace Rag.WebApi.OpenAICompatible;

/// <summary><c>POST /v1/chat/completions</c> on the node's local chat model: a JSON completion, or with <c>stream: true</c> Server-Sent Events of chunks ending with <c>data: [DONE]</c>.</summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, LocalModels models, TimeProvider time, ILoggerFactory loggers)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        if (await RequestBody.ReadAsync<ChatCompletionRequest>(context.Request, cancellationToken) is not { } request)
        {
            return OpenAIError.InvalidRequest("The body must be a JSON chat completion request.", null).ToResult();
        }

        if (ChatCompletionTranslator.Validate(request, models.ChatModelId, models.Ids) is { } error)
        {
            return error.ToResult();
        }

        IChatClient chat = models.ChatClient!;
        List<ChatMessage> messages = ChatCompletionTranslator.ToMessages(request);
        ChatOptions options = ChatCompletionTranslator.ToOptions(request);
        string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        long created = time.GetUtcNow().ToUnixTimeSeconds();
        if (request.Stream)
        {
            // The request's token is cancelled when the client disconnects, which stops generation and frees the model.
            return new ChatCompletionStreamResult(
                chat.GetStreamingResponseAsync(messages, options, cancellationToken), id, created, request.Model!, request.StreamOptions?.IncludeUsage == true,
                loggers.CreateLogger(typeof(ChatCompletionsEndpoint).FullName!));
        }

        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (ContextWindowExceededException e)
        {
            return OpenAIError.ContextLengthExceeded(e.Message).ToResult();
        }

        var completion = new ChatCompletion(
            id, created, request.Model!,
            [new ChatCompletionChoice(0, new AssistantMessage(response.Text), ChatCompletionTranslator.FinishReason(response.FinishReason))],
            ToUsage(response.Usage));
        return Results.Json(completion, OpenAIJson.Options);
    }

    public static CompletionUsage? ToUsage(UsageDetails? usage) =>
        usage is null ? null : new CompletionUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)));
}
