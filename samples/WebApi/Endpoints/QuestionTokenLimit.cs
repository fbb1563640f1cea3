// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;

namespace Rag.WebApi.Endpoints;

/// <summary>
/// Refuses a question that takes more than half of the chat model's context window, counted with the model's own
/// tokenizer (or its client's estimate) before any retrieval or generation: the other half holds the answering rules,
/// at least one source and the answer. A character limit alone cannot promise that: a small model's tokens are short.
/// </summary>
internal static class QuestionTokenLimit
{
    public static ProblemHttpResult? Check(string question, IChatClient chat)
    {
        if (chat.GetService<ITokenCounter>() is not { MaxTokens: > 0 } counter)
        {
            return null;
        }

        int limit = counter.MaxTokens / 2;
        int tokens = counter.CountTokens(question);
        return tokens <= limit ? null : TypedResults.Problem(
            title: "Question too long for the model",
            detail: $"The field 'question' takes {tokens} tokens; the chat model's context window is {counter.MaxTokens} tokens and a question may take at most half of it ({limit}).",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["questionTokens"] = tokens, ["maxQuestionTokens"] = limit, ["contextWindowTokens"] = counter.MaxTokens });
    }
}
