// Copyright (c) Rag contributors. Licensed under the MIT License.

// A child process for the crash-safety and storage-fault tests.
// - CrashWriter <database> <chunks-per-document> <documents> [--retry-when-full]: writes documents (one transaction each)
//   into a knowledge store and prints "committed <n>" after each commit, until killed or a write fails. With
//   --retry-when-full, a failed write prints "failed: <message>", lifts the soft file-size limit (space returns) and is
//   retried once on the same store instance, as a long-running host would. After the last document it prints
//   "searchable <n>": the chunks a keyword search of that same instance finds.
// - CrashWriter <database> read-only <keywords>: opens the store with SqliteStoreOptions.ReadOnly, prints "hits <n>" for a
//   keyword search, then tries one write and prints "refused: <message>" (or "written" if it was not refused).

using System.Globalization;
using Microsoft.Extensions.VectorData;
using Rag;
using Rag.Connectors.Sqlite;

string path = args[0];
const int Dimensions = 32;
if (args[1] == "read-only")
{
    using KnowledgeStore shipped = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { ReadOnly = true });
    IReadOnlyList<ChunkSearchResult> hits = await shipped.SearchAsync(new ChunkSearchRequest { Keywords = args[2], Top = 1000 });
    Console.WriteLine("hits " + hits.Count.ToString(CultureInfo.InvariantCulture));
    try
    {
        await shipped.DeleteDocumentAsync(hits.Count > 0 ? hits[0].Chunk.DocumentId : "none");
        Console.WriteLine("written");
    }
    catch (VectorStoreException ex)
    {
        Console.WriteLine("refused: " + ex.Message);
    }

    return;
}

int chunksPerDocument = int.Parse(args[1], CultureInfo.InvariantCulture);
int documents = int.Parse(args[2], CultureInfo.InvariantCulture);
bool retryWhenFull = args.Contains("--retry-when-full");

using KnowledgeStore store = SqliteKnowledgeStore.Open(path);
await store.InitializeAsync(new EmbeddingModelInfo("crash-model", Dimensions));
Console.WriteLine("ready");
var random = new Random(42);
for (int d = 0; d < documents; d++)
{
    string id = "doc" + d.ToString(CultureInfo.InvariantCulture);
    var record = new DocumentRecord { Id = id, Path = id + ".txt", FileType = "txt", ContentHash = "h" + d, ChunkCount = chunksPerDocument };
    var chunks = new List<DocumentChunk>(chunksPerDocument);
    for (int i = 0; i < chunksPerDocument; i++)
    {
        float[] vector = new float[Dimensions];
        for (int j = 0; j < Dimensions; j++)
        {
            vector[j] = (float)random.NextDouble();
        }

        chunks.Add(new DocumentChunk { DocumentId = id, Index = i, Text = $"chunk {i} of {id} lorem ipsum dolor sit amet", Path = record.Path, ContentHash = "c" + i, Embedding = vector });
    }

    try
    {
        await store.UpsertDocumentAsync(record, chunks);
    }
    catch (VectorStoreException ex) when (retryWhenFull)
    {
        Console.WriteLine("failed: " + ex.Message);
        retryWhenFull = false;
        FileSizeLimit.Lift();
        await store.UpsertDocumentAsync(record, chunks);
    }

    Console.WriteLine("committed " + d.ToString(CultureInfo.InvariantCulture));
}

// The same instance's in-memory index must hold every committed chunk exactly once.
IReadOnlyList<ChunkSearchResult> searchable = await store.SearchAsync(new ChunkSearchRequest { Keywords = "lorem", Top = 1_000_000 });
Console.WriteLine("searchable " + searchable.Count.ToString(CultureInfo.InvariantCulture));
