// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag.ConformanceTests.Store;

/// <summary>
/// Runs an action between two steps of <see cref="KnowledgeStore.SearchAsync"/>: when the span of a step
/// (<c>rag.retrieve.read</c>, say, on the <c>Rag.Detail</c> source) starts, on the searching thread, in searches run inside <see cref="Arm"/> only.
/// </summary>
internal sealed class SearchStepHook : IDisposable
{
    private static readonly AsyncLocal<SearchStepHook?> s_armed = new();
    private readonly ActivityListener _listener;
    private readonly string _span;
    private readonly Action _action;
    private int _ran;

    public SearchStepHook(string span, Action action)
    {
        _span = span;
        _action = action;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Rag.Detail", // RagTelemetry.DetailSourceName: the search steps
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = OnStarted,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Gets a value indicating whether the action ran.</summary>
    public bool Ran => Volatile.Read(ref _ran) == 1;

    /// <summary>Arms the hook for the searches the calling flow runs from now on.</summary>
    public void Arm() => s_armed.Value = this;

    public void Dispose() => _listener.Dispose();

    private void OnStarted(Activity activity)
    {
        if (ReferenceEquals(s_armed.Value, this) && activity.OperationName == _span && Interlocked.Exchange(ref _ran, 1) == 0)
        {
            s_armed.Value = null;
            _action();
        }
    }
}
