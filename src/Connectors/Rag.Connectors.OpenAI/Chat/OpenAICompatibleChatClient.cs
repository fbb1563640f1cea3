// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.OpenAI;

/// <summary>The OpenAI SDK's chat client, plus the context window Rag sizes prompts with.</summary>
internal sealed class OpenAICompatibleChatClient(IChatClient inner, ITokenCounter? tokenCounter) : DelegatingChatClient(inner)
{
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(ITokenCounter) && tokenCounter is not null
            ? tokenCounter
            : base.GetService(serviceType, serviceKey);
    }
}
