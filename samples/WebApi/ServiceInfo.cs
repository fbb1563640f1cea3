// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.WebApi;

/// <summary>What the service runs on: generated answers (a chat model is configured) or extractive ones.</summary>
public sealed record ServiceInfo(string AnswerMode)
{
    public static ServiceInfo From(IServiceProvider services) =>
        new(services.GetService<IChatClient>() is null ? "extractive" : "generated");
}
