// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using Rag.Cli.Configuration;
using Rag.Connectors.LlamaSharp;
using Rag.Connectors.Onnx;
using Rag.Connectors.Sqlite;
using Rag.Samples.Indexing;

namespace Rag.Cli;

/// <summary>One opened knowledge base: the SDK composed exactly as an application would, through <c>AddRag()</c>.</summary>
internal sealed class RagSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private RagSession(ServiceProvider services, CliConfiguration configuration, string? modelPath)
    {
        _services = services;
        Configuration = configuration;
        ModelPath = modelPath;
    }

    public CliConfiguration Configuration { get; }

    /// <summary>Gets the GGUF chat model in use, or <see langword="null"/> for extractive answers.</summary>
    public string? ModelPath { get; }

    public KnowledgeBase KnowledgeBase => _services.GetRequiredService<KnowledgeBase>();

    public DocumentIngestor Ingestor => _services.GetRequiredService<DocumentIngestor>();

    public KnowledgeStore Store => _services.GetRequiredService<KnowledgeStore>();

    public IEmbeddingGenerator<string, Embedding<float>> Embeddings => _services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    /// <summary>
    /// Composes the services. Nothing heavy loads here: models load on first use. Without a configured embedding model an
    /// existing index keeps the built-in model it was built with, so a change of the default never locks anyone out.
    /// A <paramref name="readOnly"/> session opens an existing index without writing anything (not even SQLite's WAL
    /// files), so it also answers from a full disk or a read-only mount.
    /// </summary>
    public static async Task<RagSession> OpenAsync(CliConfiguration configuration, bool useChatModel, bool readOnly, CancellationToken cancellationToken)
    {
        string embeddingModel = configuration.EmbeddingModel ?? await IndexedBuiltInModelAsync(configuration, readOnly, cancellationToken) ?? BuiltInEmbeddingModels.Default.Name;
        string? modelPath = useChatModel ? ResolveModel(configuration) : null;
        KeywordLanguage keywordLanguage = configuration.KeywordLanguage ?? SqliteKnowledgeStore.ReadKeywordLanguage(configuration.IndexPath) ?? KeywordLanguage.Auto;
        if (!readOnly)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(configuration.IndexPath)!);
        }

        var services = new ServiceCollection();
        RagBuilder rag = services
            .AddRag(o =>
            {
                // With a chat model the window comes from its tokenizer; this only sizes estimates without one.
                if (configuration.ContextSize is int contextSize)
                {
                    o.Answers.ContextWindowTokens = contextSize;
                }
            });
        UseEmbeddings(rag, embeddingModel)
            .UseSqliteStore(configuration.IndexPath, o =>
            {
                o.BusyTimeout = configuration.BusyTimeout;
                o.ReadOnly = readOnly;
                o.KeywordLanguage = keywordLanguage;
            })
            .UsePdfReader()
            .UseOpenXmlReader()
            .UseTesseractOcr(o =>
            {
                o.CacheDirectory = configuration.IndexPath + ".ocr-cache";
                o.PreferredLanguages = OcrLanguages.PreferredFor(keywordLanguage);
            });
        if (modelPath is not null)
        {
            rag.UseLlamaSharp(o =>
            {
                o.ModelPath = modelPath;
                o.ContextSize = configuration.ContextSize;
                o.Threads = configuration.Threads;
            });
        }

        return new RagSession(services.BuildServiceProvider(), configuration, modelPath);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>
    /// The CLI name of the built-in model an existing index was built with; <see langword="null"/> without an index or for another model.
    /// The index is read read-only first (nothing is written, so a full disk is no obstacle); a session that will write anyway
    /// reads it read-write when that fails, which completes an index whose first run was killed before its tables were
    /// committed (such a file holds no documents) and otherwise fails with the store's own error.
    /// </summary>
    private static async Task<string?> IndexedBuiltInModelAsync(CliConfiguration configuration, bool readOnly, CancellationToken cancellationToken)
    {
        if (!File.Exists(configuration.IndexPath))
        {
            return null;
        }

        EmbeddingModelInfo? model;
        try
        {
            model = await ReadModelAsync(configuration, readOnly: true, cancellationToken);
        }
        catch (VectorStoreException) when (!readOnly)
        {
            model = await ReadModelAsync(configuration, readOnly: false, cancellationToken);
        }

        if (model is null)
        {
            return null;
        }

        // Only a model the CLI names at its default precision: any other index is reported as a mismatch by the store.
        return model.ModelId == BuiltInEmbeddingModels.EnsembleModelId
            ? BuiltInEmbeddingModels.EnsembleName
            : BuiltInEmbeddingModels.Find(model.ModelId) is { } builtIn && builtIn.GetModelId(builtIn.DefaultPrecision) == model.ModelId
                ? builtIn.Name
                : null;
    }

    private static async Task<EmbeddingModelInfo?> ReadModelAsync(CliConfiguration configuration, bool readOnly, CancellationToken cancellationToken)
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(configuration.IndexPath, new SqliteStoreOptions { ReadOnly = readOnly, BusyTimeout = configuration.BusyTimeout });
        return await store.GetEmbeddingModelAsync(cancellationToken);
    }

    /// <summary>Registers the embedding model named in the configuration: the built-in ensemble, or one ONNX model.</summary>
    private static RagBuilder UseEmbeddings(RagBuilder rag, string model) =>
        string.Equals(model, BuiltInEmbeddingModels.EnsembleName, StringComparison.OrdinalIgnoreCase) || string.Equals(model, "ensemble", StringComparison.OrdinalIgnoreCase)
            ? rag.UseOnnxEmbeddingEnsemble()
            : rag.UseOnnxEmbeddings(o => ConfigureEmbeddings(o, model));

    private static void ConfigureEmbeddings(OnnxEmbeddingGeneratorOptions options, string model)
    {
        if (BuiltInEmbeddingModels.Find(model) is { } builtIn)
        {
            options.BuiltInModel = builtIn.Model;
            return;
        }

        if (!File.Exists(model))
        {
            throw new CliException($"Embedding model '{model}' is neither a built-in model ({string.Join(", ", BuiltInEmbeddingModels.All.Select(m => m.Name).Append(BuiltInEmbeddingModels.EnsembleName))}) nor an existing .onnx file.", ExitCodes.ModelError);
        }

        options.ModelPath = Path.GetFullPath(model);
        options.VocabularyPath = Path.Combine(Path.GetDirectoryName(options.ModelPath)!, "vocab.txt");
        if (!File.Exists(options.VocabularyPath))
        {
            throw new CliException($"The embedding model '{model}' needs its WordPiece vocabulary beside it: '{options.VocabularyPath}' does not exist.", ExitCodes.ModelError);
        }
    }

    private static string? ResolveModel(CliConfiguration configuration)
    {
        if (configuration.Model is not { } model)
        {
            return null;
        }

        if (File.Exists(model))
        {
            return Path.GetFullPath(model);
        }

        if (model.Contains('/', StringComparison.Ordinal) || model.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CliException(
                $"The model file '{Path.GetFullPath(model)}' does not exist. Check the path, or run 'model list' to see the catalog and 'model pull <name>' to download one.",
                ExitCodes.ModelError);
        }

        using var store = new ModelStore(configuration.ModelsDirectory);
        return store.Find(model)?.Path
            ?? throw new CliException(
                $"Model '{model}' is not a file and has not been pulled. Run 'model list' to see the catalog, 'model pull {model}' to download it, or pass a path to a .gguf file.",
                ExitCodes.ModelError);
    }
}
