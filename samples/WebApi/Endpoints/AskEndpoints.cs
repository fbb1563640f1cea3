// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Rag.WebApi.Errors;

namespace Rag.WebApi.Endpoints;

/// <summary>POST /api/ask (JSON answer) and POST /api/ask/stream (Server-Sent Events: sources, delta…, done).</summary>
/// <remarks>
/// What the model refuses before it answers (a question too long for its context window, a full queue) is a client
/// error (<see cref="ModelFailureFilter"/>). The stream therefore starts with the model's first words (its "sources"
/// event comes with the first "delta"), or after <see cref="PrimedStream.MaxWait"/> for a request queued behind others:
/// a refusal is a status, or, in that rare late case, an "error" event; never a broken stream.
/// </remarks>
internal static class AskEndpoints
{
    public static RouteGroupBuilder MapAskEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/ask", AskAsync).WithName("Ask").WithSummary("Answers a question from the documents, with citations.")
            .AddEndpointFilter<ModelFailureFilter>();
        api.MapPost("/ask/stream", AskStreamingAsync).WithName("AskStreaming")
            .WithSummary("Streams an answer as Server-Sent Events: 'sources', then 'delta' events, then 'done' (the verified answer).")
            .AddEndpointFilter<ModelFailureFilter>();
        return api;
    }

    private static async Task<Results<Ok<AnswerDto>, ProblemHttpResult>> AskAsync(
        AskRequest request, KnowledgeBase knowledgeBase, IOptions<KnowledgeServiceOptions> options, CancellationToken cancellationToken)
    {
        if (Validate(request, options.Value) is { } problem)
        {
            return problem;
        }

        Answer answer = await knowledgeBase.AskAsync(request.Question, ToAskOptions(request), cancellationToken);
        return TypedResults.Ok(AnswerDto.From(answer));
    }

    private static async Task<IResult> AskStreamingAsync(
        AskRequest request, KnowledgeBase knowledgeBase, IOptions<KnowledgeServiceOptions> options, HttpContext context)
    {
        if (Validate(request, options.Value) is { } problem)
        {
            return problem;
        }

        // The request's token is cancelled when the client disconnects, which stops generation and frees the model.
        PrimedStream<AnswerUpdate> updates = await PrimedStream.StartAsync(
            knowledgeBase.AskStreamingAsync(request.Question, ToAskOptions(request), context.RequestAborted), u => u.Kind != AnswerUpdateKind.SourcesRetrieved, context);
        return TypedResults.ServerSentEvents(ToEventsAsync(updates));
    }

    // A refusal that comes after the stream has started (the model took longer than PrimedStream.MaxWait to start) ends
    // it with an "error" event holding the ProblemDetails; any other failure breaks the stream.
    private static async IAsyncEnumerable<SseItem<object>> ToEventsAsync(IAsyncEnumerable<AnswerUpdate> updates)
    {
        await using IAsyncEnumerator<AnswerUpdate> enumerator = updates.GetAsyncEnumerator();
        while (true)
        {
            ClientError? refusal = null;
            bool hasUpdate;
            try
            {
                hasUpdate = await enumerator.MoveNextAsync();
            }
            catch (Exception e) when (ModelFailure.ToClientError(e) is { } error)
            {
                (refusal, hasUpdate) = (error, false);
            }

            if (refusal is not null)
            {
                yield return new SseItem<object>(new ErrorEvent(refusal.StatusCode, refusal.Title, refusal.Detail, refusal.Code), "error");
            }

            if (!hasUpdate)
            {
                yield break;
            }

            AnswerUpdate update = enumerator.Current;
            yield return update.Kind switch
            {
                AnswerUpdateKind.SourcesRetrieved => new SseItem<object>(new SourcesEvent([.. update.Sources.Select(SourceDto.From)]), "sources"),
                AnswerUpdateKind.TextDelta => new SseItem<object>(new DeltaEvent(update.Text), "delta"),
                _ => new SseItem<object>(AnswerDto.From(update.Answer!), "done"),
            };
        }
    }

    private static ProblemHttpResult? Validate(AskRequest request, KnowledgeServiceOptions options)
    {
        string? detail = string.IsNullOrWhiteSpace(request.Question) ? "The field 'question' is required."
            : request.Question.Length > options.MaxQuestionLength ? $"The field 'question' is longer than {options.MaxQuestionLength} characters."
            : request.Top is < 1 or > 50 ? "The field 'top' must be between 1 and 50."
            : request.FileTypes?.Any(string.IsNullOrWhiteSpace) == true ? "The field 'fileTypes' holds an empty entry."
            : request.History?.Any(m => m?.Content is null) == true ? "Every 'history' message needs a 'role' and a 'content'."
            : request.History?.FirstOrDefault(m => m.Role is not ("user" or "assistant")) is { } bad ? $"History role '{bad.Role}' is not 'user' or 'assistant'."
            : request.History?.Sum(m => (long)m.Content.Length) > options.MaxHistoryLength ? $"The field 'history' holds more than {options.MaxHistoryLength} characters."
            : null;
        return detail is null ? null : TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
    }

    private static AskOptions ToAskOptions(AskRequest request)
    {
        var conversation = new Conversation();
        IReadOnlyList<HistoryMessage> history = request.History ?? [];
        for (int i = 0; i + 1 < history.Count; i++)
        {
            if (history[i].Role == "user" && history[i + 1].Role == "assistant")
            {
                conversation.Add(new ConversationTurn(history[i].Content, history[i].Content, history[i + 1].Content));
                i++;
            }
        }

        return new AskOptions
        {
            Conversation = conversation,
            Search = new SearchOptions
            {
                Top = request.Top,
                Filter = request.PathPrefix is null && request.FileTypes is not { Length: > 0 }
                    ? null
                    : new ChunkFilter { PathPrefix = request.PathPrefix, FileTypes = request.FileTypes ?? [] },
            },
        };
    }
}
