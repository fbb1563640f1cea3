// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using Microsoft.Extensions.AI;
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
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(RagTelemetry.SourceName, RagTelemetry.DetailSourceName, s_testSource.Name).AddInMemoryExporter(spans).Build();
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
        Activity[] ours = [.. spans.Where(s => s.TraceId == trace && s.Source.Name == RagTelemetry.SourceName && s.OperationName.Count(c => c == '.') == 1)];
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

        // Phases: child spans of their operation; the model calls carry the GenAI attributes.
        Activity[] phases = [.. spans.Where(s => s.TraceId == trace && s.ParentSpanId == ingest.SpanId)];
        Assert.Equal(["rag.ingest.chunk", "rag.ingest.embed", "rag.ingest.read", "rag.ingest.scan", "rag.ingest.store"], phases.Select(s => s.OperationName).Distinct().Order());
        Assert.Equal(2, phases.Count(s => s.OperationName == "rag.ingest.store"));
        Assert.Equal(2, phases.Single(s => s.OperationName == "rag.ingest.scan").GetTagItem("rag.files"));
        Activity ingestEmbed = phases.First(s => s.OperationName == "rag.ingest.embed");
        Assert.Equal("embeddings", ingestEmbed.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(embeddings.Model.ModelId, ingestEmbed.GetTagItem("gen_ai.request.model"));
        Activity search = ours.First(s => s.OperationName == "rag.retrieve");
        Activity[] searchPhases = [.. spans.Where(s => s.ParentSpanId == search.SpanId)];
        Assert.Equal(["rag.retrieve.embed", "rag.retrieve.search"], searchPhases.OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        Assert.Equal(embeddings.Model.ModelId, searchPhases[0].GetTagItem("gen_ai.request.model"));
        Assert.Equal(true, searchPhases[1].GetTagItem("rag.retrieve.keywords"));

        // The store search's own steps: each list, the SDK's fusion and the read, timed apart with their counts.
        Activity[] searchSteps = [.. spans.Where(s => s.ParentSpanId == searchPhases[1].SpanId).OrderBy(s => s.StartTimeUtc)];
        Assert.Equal(["rag.retrieve.vector", "rag.retrieve.keyword", "rag.retrieve.fuse", "rag.retrieve.read"], searchSteps.Select(s => s.OperationName));
        Assert.Equal(searchPhases[1].GetTagItem("rag.retrieve.candidates") is int fetch ? Math.Max(fetch, new HybridSearchSettings().CandidateCount) : -1, searchSteps[0].GetTagItem("rag.retrieve.candidates"));
        Assert.Equal(2, searchSteps[0].GetTagItem("rag.retrieve.results")); // both chunks have a vector
        Assert.Equal(1, searchSteps[1].GetTagItem("rag.retrieve.results")); // only the refunds chunk holds "hardware" or "refund"
        Assert.Equal(nameof(HybridFusionMethod.MinMaxLinear), searchSteps[2].GetTagItem("rag.retrieve.fusion"));
        Assert.Equal(2, searchSteps[2].GetTagItem("rag.retrieve.results"));
        Assert.Equal(2, searchSteps[3].GetTagItem("rag.retrieve.results"));
        Assert.Equal(2, searchPhases[1].GetTagItem("rag.retrieve.results"));

        Assert.Contains(metrics, m => m.Name == "rag.operation.duration" && m.Unit == "s");
        Assert.Contains(metrics, m => m.Name == "rag.ingest.documents");
        Assert.Contains(metrics, m => m.Name == "rag.retrieve.sources");
    }

    [Fact]
    public async Task Search_TracingTheSdkSourceAlone_RecordsTheOperationAndItsTwoPhasesOnly()
    {
        // Arrange: the default subscription, without the detail source of the store's search steps.
        var spans = new List<Activity>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(RagTelemetry.SourceName, s_testSource.Name).AddInMemoryExporter(spans).Build();
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));

        // Act
        ActivityTraceId trace;
        using (Activity test = s_testSource.StartActivity("test")!)
        {
            trace = test.TraceId;
            await kb.SearchAsync("hardware refund", new SearchOptions { Top = 3 }, Ct);
        }

        tracing.ForceFlush();

        // Assert: three spans per search; the four steps stay unrecorded.
        Assert.Equal(
            ["rag.retrieve", "rag.retrieve.embed", "rag.retrieve.search"],
            spans.Where(s => s.TraceId == trace && s.Source.Name != s_testSource.Name).Select(s => s.OperationName).Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_WithChatModel_GenerationSpanFollowsTheGenAiConventions(bool streaming)
    {
        // Arrange
        var spans = new List<Activity>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(RagTelemetry.SourceName, s_testSource.Name).AddInMemoryExporter(spans).Build();
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 7 };
        using var chat = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hardware can be refunded within 30 days [1].")) { Usage = usage }),
            GetStreamingResponseAsyncCallback = (_, _, _) => StreamAsync(usage),
            GetServiceCallback = (type, _) => type == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", null, "test-chat-model") : null,
        };
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options(floor: 0));

        // Act
        ActivityTraceId trace;
        using (Activity test = s_testSource.StartActivity("test")!)
        {
            trace = test.TraceId;
            if (streaming)
            {
                await foreach (AnswerUpdate _ in kb.AskStreamingAsync("Can hardware be refunded?", cancellationToken: Ct))
                {
                }
            }
            else
            {
                await kb.AskAsync("Can hardware be refunded?", cancellationToken: Ct);
            }
        }

        tracing.ForceFlush();

        // Assert
        Activity answer = Assert.Single(spans, s => s.TraceId == trace && s.OperationName == "rag.answer");
        Activity generate = Assert.Single(spans, s => s.TraceId == trace && s.OperationName == "rag.answer.generate");
        Assert.Equal(answer.SpanId, generate.ParentSpanId);
        Assert.Equal("chat", generate.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("test-chat-model", generate.GetTagItem("gen_ai.request.model"));
        Assert.Equal(120L, generate.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(7L, generate.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(120L, answer.GetTagItem("gen_ai.usage.input_tokens"));
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

    private static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(UsageDetails usage)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hardware can be refunded within 30 days [1].");
        yield return new ChatResponseUpdate { Contents = [new UsageContent(usage)] };
    }
}
