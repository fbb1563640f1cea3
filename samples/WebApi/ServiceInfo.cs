// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Rag.WebApi;

/// <summary>What the service runs on: generated answers (a chat model is configured) or extractive ones, and the history it accepts.</summary>
/// <param name="AnswerMode"><c>generated</c> or <c>extractive</c>.</param>
/// <param name="MaxHistoryLength">The most characters the earlier turns of a conversation may hold (the chat page trims to it).</param>
public sealed record ServiceInfo(string AnswerMode, int MaxHistoryLength)
{
    /// <summary>Describes the running service.</summary>
    public static ServiceInfo From(IServiceProvider services) =>
        new(services.GetService<IChatClient>() is null ? "extractive" : "generated", services.GetRequiredService<IOptions<KnowledgeServiceOptions>>().Value.MaxHistoryLength);
}
