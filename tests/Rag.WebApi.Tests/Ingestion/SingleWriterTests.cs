// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rag.Samples.Indexing;
using Rag.WebApi.Endpoints;

namespace Rag.WebApi.Tests.Ingestion;

/// <summary>
/// The service's background ingestion is the index's only writer and shares the CLI's write lock: a sync waits while
/// another holder has the lock, and questions are answered from the index as it is while a sync runs.
/// </summary>
public sealed class SingleWriterTests
{
    /// <summary>Notes added while the service runs, so that their sync takes long enough to overlap a question.</summary>
    private const int ExtraNotes = 24;

    private static readonly TimeSpan s_waitLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sync_WhileAnotherHolderHasTheIndexLock_WaitsWithoutWritingThenRuns()
    {
        // Arrange: a document in the folder, and the index's write lock held here, as a running CLI 'index' holds it.
        await using var factory = new KnowledgeServiceFactory();
        Directory.CreateDirectory(factory.DocumentsFolder);
        await File.WriteAllTextAsync(Path.Combine(factory.DocumentsFolder, SampleDocument.FileName), SampleDocument.Content, TestContext.Current.CancellationToken);
        IndexWriteLock held = IndexWriteLock.TryAcquire(IndexPath(factory), TimeProvider.System, out _)
            ?? throw new InvalidOperationException("The index's write lock was already held before the service started.");
        using HttpClient client = factory.CreateClient();

        // Act: the start-up sync finds the lock held.
        JsonElement waiting = await WaitForStatusAsync(client, s => s.GetProperty("waitingFor").ValueKind == JsonValueKind.String);
        IReadOnlyList<DocumentDto>? whileHeld = await client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);
        held.Dispose();
        JsonElement done = await KnowledgeApi.WaitForIngestionAsync(client, TestContext.Current.CancellationToken);
        IReadOnlyList<DocumentDto>? afterRelease = await client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);

        // Assert: nothing was written while the lock was held; the waiting sync ran once it was free.
        Assert.True(waiting.GetProperty("isRunning").GetBoolean());
        Assert.Contains($"pid {Environment.ProcessId} since ", waiting.GetProperty("waitingFor").GetString(), StringComparison.Ordinal);
        Assert.Empty(whileHeld!);
        Assert.Equal(JsonValueKind.Null, done.GetProperty("waitingFor").ValueKind);
        Assert.Equal(JsonValueKind.Null, done.GetProperty("lastError").ValueKind);
        Assert.Equal(1, done.GetProperty("lastResult").GetProperty("added").GetInt32());
        Assert.Equal(SampleDocument.FileName, Assert.Single(afterRelease!).Path);
    }

    [Fact]
    public async Task Ask_DuringARunningSync_AnswersFromTheIndexWithoutWaitingForIt()
    {
        // Arrange: an indexed document, then a sync of many new notes that is under way (holding the lock, files left).
        await using var factory = new KnowledgeServiceFactory();
        using HttpClient client = factory.CreateClient();
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, TestContext.Current.CancellationToken);
        WriteNotes(factory.DocumentsFolder);
        using (HttpResponseMessage started = await client.PostAsync(new Uri("/api/ingestion", UriKind.Relative), null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        await WaitForFilesLeftAsync(factory);

        // Act
        var stopwatch = Stopwatch.StartNew();
        using HttpResponseMessage response = await client.PostAsJsonAsync("/api/ask", new AskRequest(SampleDocument.Question), TestContext.Current.CancellationToken);
        TimeSpan askTime = stopwatch.Elapsed;
        JsonElement afterAsk = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/ingestion", UriKind.Relative), TestContext.Current.CancellationToken);
        JsonElement done = await KnowledgeApi.WaitForIngestionAsync(client, TestContext.Current.CancellationToken);

        // Assert: answered while the sync was still running, and the sync still did all its work.
        Assert.True(afterAsk.GetProperty("isRunning").GetBoolean(), $"The sync finished before the question was answered ({askTime}); the test proves nothing.");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AnswerDto? answer = await response.Content.ReadFromJsonAsync<AnswerDto>(TestContext.Current.CancellationToken);
        Assert.Contains(SampleDocument.AnswerPhrase, answer!.Text, StringComparison.Ordinal);
        Assert.Equal(ExtraNotes, done.GetProperty("lastResult").GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task Delete_WhileAnotherHolderHasTheIndexLock_IsRefusedWithoutWritingThenWorks()
    {
        // Arrange: an indexed document, then the index's write lock held here, as a running CLI 'index' holds it.
        await using var factory = new KnowledgeServiceFactory();
        using HttpClient client = factory.CreateClient();
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, TestContext.Current.CancellationToken);
        IReadOnlyList<DocumentDto>? before = await client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);
        string id = Assert.Single(before!).Id;
        var deleteUri = new Uri($"/api/documents/{Uri.EscapeDataString(id)}", UriKind.Relative);
        HttpStatusCode whileHeldStatus;
        JsonElement problem;
        IReadOnlyList<DocumentDto>? whileHeld;
        bool fileWhileHeld;
        using (IndexWriteLock held = IndexWriteLock.TryAcquire(IndexPath(factory), TimeProvider.System, out _)
            ?? throw new InvalidOperationException("The index's write lock was still held after ingestion finished."))
        {
            // Act: delete while the lock is held.
            using HttpResponseMessage refused = await client.DeleteAsync(deleteUri, TestContext.Current.CancellationToken);
            whileHeldStatus = refused.StatusCode;
            problem = await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            whileHeld = await client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);
            fileWhileHeld = File.Exists(Path.Combine(factory.DocumentsFolder, SampleDocument.FileName));
        }

        using HttpResponseMessage deleted = await client.DeleteAsync(deleteUri, TestContext.Current.CancellationToken);
        IReadOnlyList<DocumentDto>? afterRelease = await client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);

        // Assert: refused with the holder named, the document and its file untouched; deleted once the lock was free.
        Assert.Equal(HttpStatusCode.Conflict, whileHeldStatus);
        Assert.Contains($"pid {Environment.ProcessId} since ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(whileHeld!).Id);
        Assert.True(fileWhileHeld);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(afterRelease!);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, SampleDocument.FileName)));
    }

    private static string IndexPath(KnowledgeServiceFactory factory) => Path.Combine(factory.RootFolder, "index", "index.db");

    /// <summary>Writes distinct meeting notes, each a few chunks long, that no question here is about.</summary>
    private static void WriteNotes(string folder)
    {
        string[] topics = ["parking permits", "printer toner", "badge renewals", "desk moves", "locker keys", "bike racks"];
        for (int i = 0; i < ExtraNotes; i++)
        {
            IEnumerable<string> lines = Enumerable.Range(0, 30).Select(j => string.Create(
                CultureInfo.InvariantCulture,
                $"Item {j} of meeting {i} was about {topics[(i + j) % topics.Length]}, to be reviewed by team {(i * 31 + j) % 17}."));
            File.WriteAllText(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"meeting-{i:000}.md")), $"# Meeting {i}\n\n{string.Join('\n', lines)}\n");
        }
    }

    /// <summary>Waits until the running sync has recorded, in the index's lock record, that it has files left to index.</summary>
    private static async Task WaitForFilesLeftAsync(KnowledgeServiceFactory factory)
    {
        string record = IndexWriteLock.PathFor(IndexPath(factory)) + ".json";
        var stopwatch = Stopwatch.StartNew();
        while (FilesLeft(record) is not > 0)
        {
            Assert.True(stopwatch.Elapsed < s_waitLimit, "The sync did not start indexing the notes within a minute.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static int? FilesLeft(string recordPath)
    {
        try
        {
            using JsonDocument record = JsonDocument.Parse(File.ReadAllText(recordPath));
            return record.RootElement.TryGetProperty("filesLeft", out JsonElement left) && left.ValueKind == JsonValueKind.Number ? left.GetInt32() : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null; // not written yet, or caught mid-rewrite
        }
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Func<JsonElement, bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            JsonElement status = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/ingestion", UriKind.Relative), TestContext.Current.CancellationToken);
            if (condition(status))
            {
                return status;
            }

            Assert.True(stopwatch.Elapsed < s_waitLimit, $"Ingestion never reached the expected state: {status}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
