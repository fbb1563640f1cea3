// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Rag.TestUtilities;
using Rag.Tests.Answers;

namespace Rag.Tests.Telemetry;

/// <summary>The SDK's spans and metrics, collected by the OpenTelemetry SDK's in-memory exporter.</summary>
public sealed class RagTelemetryTests
{
    private static readonly ActivitySource s_testSource = new("Rag.Tests.Telemetry");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IngestSearchAsk_ExportSpansWithTheirAttributesAndMetrics()
    {
        // Arrange
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(RagTelemetry.SourceName, s_testSource.Name).AddInMemoryExporter(spans).Build();
        using MeterProvider meters = Sdk.CreateMeterProviderBuilder().AddMeter(RagTelemetry.SourceName).AddInMemoryExporter(metrics).Build();
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "refunds.md"), "# Refunds\n\nHardware bought in the last 30 days can be refunded in full.\n");
        File.WriteAllText(Path.Combine(folder.Path, "setup.md"), "# Setup\n\nInstall the agent, then sign in with your company account.\n");
        var store = new InMemoryKnowledgeStore();
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var ingestor = new DocumentIngestor(store, embeddings);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));

        // Act: under one test span, so other tests' spans (the source is process-wide) are left out.
        ActivityTraceId trace;
        using (Activity test = s_testSource.StartActivity("test")!)
        {
            trace = test.TraceId;
            await ingestor.SyncFolderAsync(folder.Path, cancellationToken: Ct);
            await kb.SearchAsync("hardware refund", new SearchOptions { Top = 3 }, Ct);
            await kb.AskAsync("Can hardware be refunded?", cancellationToken: Ct);
        }

        tracing.ForceFlush();
        meters.ForceFlush();

        // Assert
        Activity[] ours = [.. spans.Where(s => s.TraceId == trace && s.Source.Name == RagTelemetry.SourceName)];
        Assert.Equal(["rag.ingest", "rag.retrieve", "rag.answer", "rag.retrieve"], ours.OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        Activity ingest = ours.Single(s => s.OperationName == "rag.ingest");
        Assert.Equal(2, ingest.GetTagItem("rag.ingest.added"));
        Assert.Equal(0, ingest.GetTagItem("rag.ingest.failed"));
        Activity answer = ours.Single(s => s.OperationName == "rag.answer");
        Assert.Equal(true, answer.GetTagItem("rag.answer.extractive"));
        Assert.Equal(false, answer.GetTagItem("rag.answer.not_found"));
        Activity answerRetrieval = ours.Last(s => s.OperationName == "rag.retrieve");
        Assert.Equal(answer.SpanId, answerRetrieval.ParentSpanId);
        Assert.Equal(3, ours.First(s => s.OperationName == "rag.retrieve").GetTagItem("rag.retrieve.top"));
        Assert.All(ours, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        Assert.DoesNotContain(ours.SelectMany(s => s.TagObjects), t => t.Value is string text && text.Contains("hardware", StringComparison.OrdinalIgnoreCase));

        Assert.Contains(metrics, m => m.Name == "rag.operation.duration" && m.Unit == "s");
        Assert.Contains(metrics, m => m.Name == "rag.ingest.documents");
        Assert.Contains(metrics, m => m.Name == "rag.retrieve.sources");
    }

    [Fact]
    public async Task Search_ModelMismatch_MarksTheSpanFailed()
    {
        var spans = new List<Activity>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(RagTelemetry.SourceName, s_testSource.Name).AddInMemoryExporter(spans).Build();
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, new HashingEmbeddingGenerator { Dimensions = 32 }, options: TestCorpus.Options(floor: 0));

        ActivityTraceId trace;
        using (Activity test = s_testSource.StartActivity("test")!)
        {
            trace = test.TraceId;
            await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => kb.SearchAsync("hardware refund", null, Ct));
        }

        tracing.ForceFlush();
        Activity retrieve = Assert.Single(spans, s => s.TraceId == trace && s.OperationName == "rag.retrieve");
        Assert.Equal(ActivityStatusCode.Error, retrieve.Status);
        Assert.Equal(typeof(EmbeddingModelMismatchException).FullName, retrieve.GetTagItem("error.type"));
    }
}
