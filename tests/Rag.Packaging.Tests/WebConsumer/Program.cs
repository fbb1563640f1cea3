using Rag;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddRag()
    .UseOnnxEmbeddings()
    .UseSqliteStore(builder.Configuration["Rag:Database"] ?? "knowledge.db")
    .UsePdfReader()
    .UseOpenXmlReader();

WebApplication app = builder.Build();

// The folder is configuration, never request input.
app.MapPost("/sync", async (DocumentIngestor ingestor, IConfiguration configuration, CancellationToken cancellationToken) =>
{
    FolderSyncResult result = await ingestor.SyncFolderAsync(configuration["Rag:Folder"]!, cancellationToken: cancellationToken);
    return new { added = result.Added.Count, failed = result.Failed.Count };
});

app.MapGet("/ask", async (string q, KnowledgeBase knowledgeBase, CancellationToken cancellationToken) =>
{
    Answer answer = await knowledgeBase.AskAsync(q, cancellationToken: cancellationToken);
    return new
    {
        text = answer.Text,
        extractive = answer.IsExtractive,
        citations = answer.Citations.Select(c => c.Source.Location).ToArray(),
    };
});

app.Run();
