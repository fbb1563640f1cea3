// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.LlamaSharp;

namespace Rag.WebApi.Errors;

/// <summary>
/// Turns the chat model's expected refusals into the client errors they are: a question or prompt that does not fit
/// its context window (400, with the token counts; detected before generation), a full request queue (503 with
/// <c>Retry-After</c>), structured output cut off by the token limit (400). Anything else is a real failure, left to the caller.
/// </summary>
internal static class ModelFailure
{
    /// <summary>How long a client is asked to wait when the model's queue is full: about one short answer.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(2);

    public static ClientError? ToClientError(Exception exception) => exception switch
    {
        QuestionTooLongException e => new ClientError(
            StatusCodes.Status400BadRequest,
            "Question too long for the model",
            $"The field 'question' takes {e.QuestionTokens} tokens; the chat model's context window of {e.ContextWindowTokens} tokens leaves room for at most {e.MaxQuestionTokens}: shorten the question.")
        {
            Code = "question_too_long",
            Param = "question",
            Extensions = new Dictionary<string, object?>
            {
                ["questionTokens"] = e.QuestionTokens, ["maxQuestionTokens"] = e.MaxQuestionTokens, ["contextWindowTokens"] = e.ContextWindowTokens,
            },
        },
        ContextWindowExceededException e => new ClientError(
            StatusCodes.Status400BadRequest,
            "Prompt too long for the model",
            $"The prompt takes {e.PromptTokens} tokens but the chat model's context window is {e.ContextSize} tokens, and the answer needs room too: "
                + "shorten the question, the conversation history or the messages.")
        {
            Code = "context_length_exceeded",
            Param = "messages",
            Extensions = new Dictionary<string, object?> { ["promptTokens"] = e.PromptTokens, ["contextWindowTokens"] = e.ContextSize },
        },
        ChatModelBusyException e => new ClientError(
            StatusCodes.Status503ServiceUnavailable,
            "Model busy",
            $"Every slot of the chat model is taken and its queue is full ({e.RunningRequests} running, {e.QueuedRequests} waiting): retry in {BusyRetryAfter.TotalSeconds:0} s.")
        {
            Code = "model_busy",
            RetryAfter = BusyRetryAfter,
        },
        StructuredOutputTruncatedException e => new ClientError(StatusCodes.Status400BadRequest, "Output truncated", e.Message)
        {
            Code = "structured_output_truncated",
            Param = "max_tokens",
            Extensions = new Dictionary<string, object?> { ["outputTokens"] = e.OutputTokens, ["maxOutputTokens"] = e.MaxOutputTokens },
        },
        _ => null,
    };
}
