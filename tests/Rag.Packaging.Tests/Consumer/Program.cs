using Microsoft.Extensions.DependencyInjection;
using Rag;

// Usage: <folder> <question> [model.gguf]. Without a model the answer is extractive: cited sentences from the documents.
string folder = args[0];
string question = args[1];
string? modelPath = args.Length > 2 ? args[2] : null;

var services = new ServiceCollection();
RagBuilder rag = services.AddRag()
    .UseOnnxEmbeddings()                 // Rag.Connectors.Onnx; the model comes with Rag.Connectors.Onnx.Models.MiniLM
    .UseSqliteStore("knowledge.db")      // Rag.Connectors.Sqlite: the knowledge base is one file
    .UsePdfReader()                      // Rag.Connectors.Pdf
    .UseOpenXmlReader();                 // Rag.Connectors.OpenXml (.docx, .xlsx, .pptx)
if (modelPath is not null)
{
    rag.UseLlamaSharp(o => o.ModelPath = modelPath);   // Rag.Connectors.LlamaSharp: generated answers
}

await using ServiceProvider provider = services.BuildServiceProvider();

FolderSyncResult sync = await provider.GetRequiredService<DocumentIngestor>().SyncFolderAsync(folder);
Console.WriteLine($"Indexed: {sync.Added.Count} added, {sync.Changed.Count} changed, {sync.Unchanged} unchanged, {sync.Failed.Count} failed");

Answer answer = await provider.GetRequiredService<KnowledgeBase>().AskAsync(question);
Console.WriteLine($"Answer ({(answer.IsExtractive ? "extractive" : "generated")}): {answer.Text}");
foreach (Citation citation in answer.Citations)
{
    Console.WriteLine($"Cited: {citation.Source}");
}

foreach (Source source in answer.Sources)
{
    Console.WriteLine($"Source: {source}");
}
