// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag.WebApi.Tests.Telemetry;

/// <summary>
/// Completes <see cref="Stopped"/> when ASP.NET Core ends the request span named <c>name</c>: the server ends it after
/// the client has its response, so a test that stops the host as soon as the response arrives can lose the span.
/// </summary>
internal sealed class RequestSpanWatch : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RequestSpanWatch(string name)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = activity =>
            {
                if (activity.DisplayName == name)
                {
                    _stopped.TrySetResult();
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Gets a task that completes when the span has ended.</summary>
    public Task Stopped => _stopped.Task;

    public void Dispose() => _listener.Dispose();
}
