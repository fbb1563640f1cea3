// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag;

/// <summary>
/// The SDK's two <see cref="ActivitySource"/>s, defined here so the store and the implementation's <c>RagTelemetry</c> share
/// them: <c>Rag</c> for operations and their phases, and <c>Rag.Detail</c> for the store search's own steps
/// (<see cref="KnowledgeStore.SearchAsync"/>), several per search, which an application records only when it asks for them.
/// </summary>
internal static class RagActivitySource
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/> and <c>Meter</c>.</summary>
    public const string Name = "Rag";

    /// <summary>The name of the <see cref="ActivitySource"/> of the store search's steps.</summary>
    public const string DetailName = "Rag.Detail";

    /// <summary>Gets the source of operations and their phases.</summary>
    public static ActivitySource Source { get; } = new(Name, Version);

    /// <summary>Gets the source of the store search's steps.</summary>
    public static ActivitySource DetailSource { get; } = new(DetailName, Version);

    private static string? Version => typeof(RagActivitySource).Assembly.GetName().Version?.ToString();

    /// <summary>Starts a phase as a child span of the current one, <c>rag.</c><paramref name="phase"/>; <see langword="null"/> when nobody listens.</summary>
    /// <remarks>With nobody listening it costs one check: the span name is not even built.</remarks>
    public static Activity? StartPhase(string phase) => Start(Source, phase);

    /// <summary>Starts a step of a phase on <see cref="DetailSource"/>, <c>rag.</c><paramref name="step"/>; <see langword="null"/> when nobody listens to it.</summary>
    public static Activity? StartDetail(string step) => Start(DetailSource, step);

    private static Activity? Start(ActivitySource source, string name) =>
        source.HasListeners() ? source.StartActivity("rag." + name, ActivityKind.Internal) : null;
}
