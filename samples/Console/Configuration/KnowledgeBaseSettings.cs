// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Spectre.Console.Cli;

namespace Rag.Cli.Configuration;

/// <summary>Options shared by every command that opens a knowledge base.</summary>
internal class KnowledgeBaseSettings : CliSettings
{
    [CommandOption("-f|--folder <FOLDER>")]
    [Description("The folder of documents (env RAG_FOLDER). Its index lives in <FOLDER>/.rag/index.db unless --index says otherwise.")]
    public string? Folder { get; set; }

    [CommandOption("--index <PATH>")]
    [Description("The SQLite index file (env RAG_INDEX).")]
    public string? Index { get; set; }

    [CommandOption("-m|--model <MODEL>")]
    [Description("A GGUF chat model: a file path or a pulled catalog name (env RAG_MODEL). Without one, answers are extractive.")]
    public string? Model { get; set; }

    [CommandOption("--embedding-model <NAME>")]
    [Description("Embedding model: minilm (default), arctic-xs (int8: about twice as fast to ingest, a little less accurate), arctic+minilm (both models combined: the best retrieval, about 1.5x the embedding time of minilm), or a path to a BERT-style .onnx with vocab.txt beside it (env RAG_EMBEDDING_MODEL).")]
    public string? EmbeddingModel { get; set; }

    [CommandOption("--keyword-language <NAME>")]
    [Description("The language the keyword index stems and drops stop words in: auto (each document's, chunk's and sentence's language detected), english or spanish (env RAG_KEYWORD_LANGUAGE). Unset: the index keeps the setting it was written with (auto for a new one). Another setting re-analyses the keyword index on the next write; chunks and vectors are kept.")]
    public string? KeywordLanguage { get; set; }

    [CommandOption("--settings <FILE>")]
    [Description("A JSON settings file (env RAG_SETTINGS; default ./rag.json when present).")]
    public string? SettingsFile { get; set; }

    [CommandOption("--json")]
    [Description("Write machine-readable JSON to standard output.")]
    public bool Json { get; set; }
}
