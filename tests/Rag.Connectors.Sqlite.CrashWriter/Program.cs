// Copyright (c) Rag contributors. Licensed under the MIT License.

// Writes documents (one transaction each) into a knowledge store and prints "committed <n>" after each commit, until
// killed. Used by the crash-safety test: usage CrashWriter <database> <chunks-per-document> <documents>.

using System.Globalization;
using Rag;
using Rag.Connectors.Sqlite;

string path = args[0];
int chunksPerDocument = int.Parse(args[1], CultureInfo.InvariantCulture);
int documents = int.Parse(args[2], CultureInfo.InvariantCulture);
const int Dimensions = 32;

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

    await store.UpsertDocumentAsync(record, chunks);
    Console.WriteLine("committed " + d.ToString(CultureInfo.InvariantCulture));
}
