// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>
/// Passes everything to the real chat model and records how each server-side stream ended; optionally paces the
/// updates so a test can act while generation is still running. It never produces text of its own.
/// </summary>
public sealed class ObservedChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private TaskCompletionSource<StreamOutcome> _lastStream = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the real local chat model behind the server.</summary>
    public IChatClient Local => InnerClient;

    /// <summary>Gets or sets a delay added after each streamed update (zero by default).</summary>
    public TimeSpan Pace { get; set; }

    /// <summary>Gets the outcome of the next (or running) stream.</summary>
    public Task<StreamOutcome> NextStreamOutcome => _lastStream.Task;

    /// <summary>Forgets the last outcome, before a test starts the stream it observes.</summary>
    public void Reset() => _lastStream = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<StreamOutcome> outcome = _lastStream;
        int updates = 0;
        bool completed = false;
        try
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                updates++;
                yield return update;
                if (Pace > TimeSpan.Zero)
                {
                    await Task.Delay(Pace, cancellationToken);
                }
            }

            completed = true;
        }
        finally
        {
            outcome.TrySetResult(new StreamOutcome(updates, completed, cancellationToken.IsCancellationRequested));
        }
    }
}

/// <summary>How a server-side stream ended: the updates it produced, whether it ran to its end, whether its token was cancelled.</summary>
public sealed record StreamOutcome(int Updates, bool Completed, bool Cancelled);
