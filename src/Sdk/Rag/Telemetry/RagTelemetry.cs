// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>
/// The SDK's OpenTelemetry instrumentation: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="SourceName"/>. Spans: <c>rag.ingest</c> (a folder sync), <c>rag.retrieve</c> (a search), <c>rag.answer</c>
/// (a question, with its retrieval as a child span). Their phases are child spans: <c>rag.ingest.scan</c>,
/// <c>rag.ingest.read</c> and <c>rag.ingest.chunk</c> (per document), <c>rag.ingest.embed</c> (per batch),
/// <c>rag.ingest.store</c> (per document), <c>rag.retrieve.embed</c>, <c>rag.retrieve.search</c> and <c>rag.answer.generate</c>.
/// The search's own steps, <c>rag.retrieve.vector</c>, <c>rag.retrieve.keyword</c>, <c>rag.retrieve.fuse</c> and
/// <c>rag.retrieve.read</c> (from <see cref="KnowledgeStore.SearchAsync"/>), come from a second source,
/// <see cref="DetailSourceName"/>, so that an application that traces every search pays for three spans per search, not seven. The model calls among them (<c>*.embed</c>, <c>rag.answer.generate</c>) carry the
/// OpenTelemetry GenAI attributes <c>gen_ai.operation.name</c>, <c>gen_ai.request.model</c> and, for generation,
/// <c>gen_ai.usage.input_tokens</c> and <c>gen_ai.usage.output_tokens</c>. Metrics: <c>rag.operation.duration</c> (seconds, by
/// <c>rag.operation</c>), <c>rag.ingest.documents</c> (by <c>rag.outcome</c>) and <c>rag.retrieve.sources</c>.
/// </summary>
/// <remarks>
/// Nothing is recorded unless a listener subscribes: <c>tracing.AddSource(RagTelemetry.SourceName)</c> (and
/// <c>RagTelemetry.DetailSourceName</c> for the search steps) and <c>metrics.AddMeter(RagTelemetry.SourceName)</c> with the
/// OpenTelemetry SDK. Model calls are traced by the
/// Microsoft.Extensions.AI middleware (<c>UseOpenTelemetry()</c> on the chat client or embedding generator builder),
/// which follows the OpenTelemetry GenAI semantic conventions. No document text and no question text is recorded.
/// </remarks>
public static class RagTelemetry
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string SourceName = RagActivitySource.Name;

    /// <summary>The name of the <see cref="ActivitySource"/> of the store search's steps (vector, keyword, fuse, read).</summary>
    public const string DetailSourceName = RagActivitySource.DetailName;

    private static readonly ActivitySource s_source = RagActivitySource.Source;
    private static readonly Meter s_meter = new(SourceName, typeof(RagTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>(
        "rag.operation.duration", "s", "Duration of SDK operations, by rag.operation (ingest, retrieve, answer).");

    private static readonly Counter<long> s_documents = s_meter.CreateCounter<long>(
        "rag.ingest.documents", "{document}", "Documents handled by folder syncs, by rag.outcome (added, changed, renamed, deleted, failed, unchanged).");

    private static readonly Histogram<int> s_sources = s_meter.CreateHistogram<int>(
        "rag.retrieve.sources", "{source}", "Passages a search returned after the relevance floor.");

    /// <summary>Starts an operation's span and clock; dispose the scope to end both. With no listener of the span or the
    /// duration metric, the scope is an inert shared one.</summary>
    internal static OperationScope Start(string operation)
    {
        Activity? activity = s_source.HasListeners() ? s_source.StartActivity("rag." + operation, ActivityKind.Internal) : null;
        return activity is null && !s_duration.Enabled ? OperationScope.Inert : new(operation, activity);
    }

    /// <summary>Starts a phase of the current operation as a child span; <see langword="null"/> when nobody listens.</summary>
    internal static Activity? StartPhase(string phase) => RagActivitySource.StartPhase(phase);

    /// <summary>Starts a phase that calls a model, tagged with the GenAI semantic conventions' operation and model.</summary>
    /// <param name="phase">The phase, such as <c>ingest.embed</c>.</param>
    /// <param name="operation">The GenAI operation name: <c>embeddings</c> or <c>chat</c>.</param>
    /// <param name="model">The model id the client reports, if any.</param>
    internal static Activity? StartModelCall(string phase, string operation, string? model) =>
        StartModelCall(phase, operation, model, static m => m);

    /// <summary>Starts a phase that calls a model; the model id is looked up only when the span is recorded.</summary>
    /// <param name="phase">The phase, such as <c>retrieve.embed</c>.</param>
    /// <param name="operation">The GenAI operation name: <c>embeddings</c> or <c>chat</c>.</param>
    /// <param name="client">What knows the model: the embedding generator or the chat client.</param>
    /// <param name="model">Reads the model id from <paramref name="client"/>.</param>
    internal static Activity? StartModelCall<TClient>(string phase, string operation, TClient client, Func<TClient, string?> model)
    {
        Activity? activity = StartPhase(phase);
        if (activity is not null)
        {
            activity.SetTag("gen_ai.operation.name", operation);
            if (model(client) is string id)
            {
                activity.SetTag("gen_ai.request.model", id);
            }
        }

        return activity;
    }

    /// <summary>Tags a model call's span with the token usage the model reported.</summary>
    internal static void RecordUsage(Activity? activity, UsageDetails? usage)
    {
        if (activity is not null && usage is not null)
        {
            activity.SetTag("gen_ai.usage.input_tokens", usage.InputTokenCount).SetTag("gen_ai.usage.output_tokens", usage.OutputTokenCount);
        }
    }

    internal static void RecordIngest(OperationScope scope, FolderSyncResult result)
    {
        Count("added", result.Added.Count);
        Count("changed", result.Changed.Count);
        Count("renamed", result.Renamed.Count);
        Count("deleted", result.Deleted.Count);
        Count("failed", result.Failed.Count);
        Count("unchanged", result.Unchanged);
        scope.Activity?.SetTag("rag.ingest.added", result.Added.Count)
            .SetTag("rag.ingest.changed", result.Changed.Count)
            .SetTag("rag.ingest.renamed", result.Renamed.Count)
            .SetTag("rag.ingest.deleted", result.Deleted.Count)
            .SetTag("rag.ingest.failed", result.Failed.Count)
            .SetTag("rag.ingest.unchanged", result.Unchanged)
            .SetTag("rag.ingest.chunks_embedded", result.ChunksEmbedded)
            .SetTag("rag.ingest.reembedded", result.Reembedded);
    }

    internal static void RecordRetrieval(OperationScope scope, int requested, RetrievalResult result)
    {
        s_sources.Record(result.Sources.Count);
        scope.Activity?.SetTag("rag.retrieve.top", requested).SetTag("rag.retrieve.sources", result.Sources.Count);
    }

    internal static void RecordAnswer(OperationScope scope, Answer answer)
    {
        scope.Activity?.SetTag("rag.answer.extractive", answer.IsExtractive)
            .SetTag("rag.answer.not_found", answer.NotFound)
            .SetTag("rag.answer.sources", answer.Sources.Count)
            .SetTag("rag.answer.citations", answer.Citations.Count);
        if (answer.Usage is UsageDetails usage)
        {
            scope.Activity?.SetTag("gen_ai.usage.input_tokens", usage.InputTokenCount).SetTag("gen_ai.usage.output_tokens", usage.OutputTokenCount);
        }
    }

    private static void Count(string outcome, int count)
    {
        if (count > 0)
        {
            s_documents.Add(count, new TagList { { "rag.outcome", outcome } });
        }
    }

    /// <summary>One operation's span and duration: the span ends, and the duration is recorded, on dispose.</summary>
    internal sealed class OperationScope : IDisposable
    {
        private readonly string? _operation;
        private readonly long _started = Stopwatch.GetTimestamp();
        private string? _error;

        internal OperationScope(string operation, Activity? activity)
        {
            _operation = operation;
            Activity = activity;
        }

        private OperationScope()
        {
        }

        /// <summary>Gets the scope of an operation nobody records: no span, no duration.</summary>
        public static OperationScope Inert { get; } = new();

        public Activity? Activity { get; }

        /// <summary>Marks the operation failed: the span's status is Error with the exception's type.</summary>
        public void Fail(Exception exception)
        {
            if (_operation is null)
            {
                return;
            }

            _error = exception is OperationCanceledException ? "canceled" : exception.GetType().FullName;
            Activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name).SetTag("error.type", _error);
        }

        public void Dispose()
        {
            if (_operation is null)
            {
                return;
            }

            var tags = new TagList { { "rag.operation", _operation } };
            if (_error is not null)
            {
                tags.Add("error.type", _error);
            }

            s_duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
            Activity?.Dispose();
        }
    }
}
