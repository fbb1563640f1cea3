// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag;

/// <summary>
/// The SDK's one <see cref="ActivitySource"/>, named <c>Rag</c>: defined here so the store search phases
/// (<see cref="KnowledgeStore.SearchAsync"/>) and the implementation's <c>RagTelemetry</c> spans share it.
/// </summary>
internal static class RagActivitySource
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/> and <c>Meter</c>.</summary>
    public const string Name = "Rag";

    /// <summary>Gets the source.</summary>
    public static ActivitySource Source { get; } = new(Name, typeof(RagActivitySource).Assembly.GetName().Version?.ToString());

    /// <summary>Starts a phase as a child span of the current one, <c>rag.</c><paramref name="phase"/>; <see langword="null"/> when nobody listens.</summary>
    /// <remarks>With nobody listening it costs one check: the span name is not even built.</remarks>
    public static Activity? StartPhase(string phase) => Source.HasListeners() ? Source.StartActivity("rag." + phase, ActivityKind.Internal) : null;
}
