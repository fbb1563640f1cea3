// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Rag.WebApi.Errors;

namespace Rag.WebApi.OpenAICompatible;

/// <summary><c>POST /v1/chat/completions</c> on the node's local chat model: a JSON completion, or with <c>stream: true</c> Server-Sent Events of chunks ending with <c>data: [DONE]</c>.</summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, LocalModels models, IOptions<KnowledgeServiceOptions> limits, TimeProvider time, ILoggerFactory loggers)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        (ChatCompletionRequest? request, OpenAIError? unreadable) = await RequestBody.ReadAsync<ChatCompletionRequest>(context.Request, "chat completion request", cancellationToken);
        if (request is null)
        {
            return unreadable!.ToResult();
        }

        if ((ChatCompletionTranslator.Validate(request, models.ChatModelId, models.Ids) ?? SchemaSizeError(request, limits.Value.MaxJsonSchemaCharacters)) is { } error)
        {
            return error.ToResult();
        }

        IChatClient chat = models.ChatClient!;
        List<ChatMessage> messages = ChatCompletionTranslator.ToMessages(request);
        ChatOptions options = ChatCompletionTranslator.ToOptions(request);
        string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        long created = time.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            if (request.Stream)
            {
                // The first update is awaited (for at most PrimedStream.MaxWait) before the response starts, so a prompt too long,
                // a full queue or a bad schema is still an error status. The request's token is cancelled when the client
                // disconnects, which stops generation.
                PrimedStream<ChatResponseUpdate> updates = await PrimedStream.StartAsync(chat.GetStreamingResponseAsync(messages, options, cancellationToken), _ => true, context);
                return new ChatCompletionStreamResult(
                    updates, id, created, request.Model!, request.StreamOptions?.IncludeUsage == true, loggers.CreateLogger(typeof(ChatCompletionsEndpoint).FullName!));
            }

            ChatResponse response = await chat.GetResponseAsync(messages, options, cancellationToken);
            var completion = new ChatCompletion(
                id, created, request.Model!,
                [new ChatCompletionChoice(0, new AssistantMessage(response.Text), ChatCompletionTranslator.FinishReason(response.FinishReason))],
                ToUsage(response.Usage));
            return Results.Json(completion, OpenAIJson.Options);
        }
        catch (NotSupportedException e) when (options.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            // The schema uses a construct the grammar cannot enforce; the message names its JSON pointer.
            return OpenAIError.InvalidRequest(e.Message, "response_format", "unsupported_schema").ToResult();
        }
    }

    // Checked before the grammar is compiled from the schema, which holds the model's slot for as long as it takes.
    private static OpenAIError? SchemaSizeError(ChatCompletionRequest request, int maxCharacters) =>
        request.ResponseFormat?.JsonSchema?.Schema is { } schema && schema.GetRawText().Length is var length && length > maxCharacters
            ? OpenAIError.InvalidRequest(
                $"'response_format.json_schema.schema' is {length} characters of JSON; this server takes at most {maxCharacters} ({KnowledgeServiceOptions.SectionName}:MaxJsonSchemaCharacters).",
                "response_format",
                "schema_too_large")
            : null;

    public static CompletionUsage? ToUsage(UsageDetails? usage) =>
        usage is null ? null : new CompletionUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)));
}
