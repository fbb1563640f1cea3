// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// The exception thrown when every context is generating and <see cref="LlamaSharpChatOptions.MaxQueuedRequests"/>
/// requests already wait: the request is refused at once, before it takes a context. Retrying later can succeed.
/// </summary>
/// <remarks>A server maps it to <c>503 Service Unavailable</c> with <c>Retry-After</c>, not to a failure.</remarks>
public sealed class ChatModelBusyException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="ChatModelBusyException"/> class.</summary>
    public ChatModelBusyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatModelBusyException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ChatModelBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatModelBusyException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChatModelBusyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatModelBusyException"/> class.</summary>
    /// <param name="runningRequests">The requests generating (<see cref="LlamaSharpChatOptions.MaxConcurrentRequests"/>).</param>
    /// <param name="queuedRequests">The requests waiting (<see cref="LlamaSharpChatOptions.MaxQueuedRequests"/>).</param>
    public ChatModelBusyException(int runningRequests, int queuedRequests)
        : base($"The LLamaSharp chat client is busy: {runningRequests} request(s) running and {queuedRequests} waiting (LlamaSharpChatOptions.MaxQueuedRequests).")
    {
        RunningRequests = runningRequests;
        QueuedRequests = queuedRequests;
    }

    /// <summary>Gets the requests that were generating.</summary>
    public int RunningRequests { get; }

    /// <summary>Gets the requests that were waiting.</summary>
    public int QueuedRequests { get; }
}
