// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rag.WebApi.Endpoints;

namespace Rag.WebApi.Tests.Endpoints;

public sealed class AskEndpointsTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();

    public async ValueTask InitializeAsync() =>
        await KnowledgeApi.UploadAndIngestAsync(_client, SampleDocument.FileName, SampleDocument.Content, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Ask_AfterUploadAndIngestion_AnswersWithCitationToUploadedFile()
    {
        using HttpResponseMessage response = await _client.PostAsJsonAsync("/api/ask", new AskRequest(SampleDocument.Question), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AnswerDto? answer = await response.Content.ReadFromJsonAsync<AnswerDto>(TestContext.Current.CancellationToken);
        Assert.NotNull(answer);
        Assert.False(answer.NotFound);
        Assert.True(answer.IsExtractive);
        Assert.Contains(SampleDocument.AnswerPhrase, answer.Text, StringComparison.Ordinal);
        CitationDto citation = Assert.Single(answer.Citations, c => c.Path == SampleDocument.FileName && c.Snippet.Contains(SampleDocument.AnswerPhrase, StringComparison.Ordinal));
        Assert.Contains($"[{citation.Number}]", answer.Text, StringComparison.Ordinal);
        Assert.Contains(answer.Sources, s => s.Number == citation.Number && s.Path == SampleDocument.FileName);
    }

    [Fact]
    public async Task AskStream_Question_StreamsSourcesThenDeltasThenDoneWithCitations()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new AskRequest(SampleDocument.Question)) };
        using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        List<ServerSentEvent> events = await ServerSentEvent.ReadAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), null, TestContext.Current.CancellationToken);

        // Shape: exactly one "sources" first, one or more "delta", exactly one "done" last.
        Assert.True(events.Count >= 3, $"Expected at least 3 events, got {events.Count}.");
        Assert.Equal("sources", events[0].Event);
        Assert.Equal("done", events[^1].Event);
        Assert.All(events[1..^1], e => Assert.Equal("delta", e.Event));

        JsonElement[] sources = [.. events[0].Data.GetProperty("sources").EnumerateArray()];
        Assert.Contains(sources, s => s.GetProperty("path").GetString() == SampleDocument.FileName);
        string streamed = string.Concat(events[1..^1].Select(e => e.Data.GetProperty("text").GetString()));
        JsonElement done = events[^1].Data;
        Assert.Equal(done.GetProperty("text").GetString(), streamed);
        JsonElement[] citations = [.. done.GetProperty("citations").EnumerateArray()];
        Assert.NotEmpty(citations);
        Assert.All(citations, c => Assert.Contains(sources, s => s.GetProperty("number").GetInt32() == c.GetProperty("number").GetInt32()));
        Assert.Contains(citations, c => c.GetProperty("path").GetString() == SampleDocument.FileName);
    }

    [Fact]
    public async Task Search_IndexedDocument_ReturnsItsPassageFirst()
    {
        IReadOnlyList<SourceDto>? results = await _client.GetFromJsonAsync<IReadOnlyList<SourceDto>>(
            "/api/search?q=" + Uri.EscapeDataString("visitors pay by card") + "&top=3", TestContext.Current.CancellationToken);

        Assert.NotNull(results);
        Assert.InRange(results.Count, 1, 3);
        Assert.Equal(SampleDocument.FileName, results[0].Path);
        Assert.Contains("visitors pay by card", results[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_TopOutOfRange_Returns400ProblemDetails()
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/api/search?q=cafeteria&top=500", UriKind.Relative), TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Ask_MalformedJson_Returns400ProblemDetails()
    {
        using var content = new StringContent("{\"question\": \"unterminated", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _client.PostAsync(new Uri("/api/ask", UriKind.Relative), content, TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Ask_BlankQuestion_Returns400ProblemDetails(string question)
    {
        using HttpResponseMessage response = await _client.PostAsJsonAsync("/api/ask/stream", new AskRequest(question), TestContext.Current.CancellationToken);

        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("question", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
