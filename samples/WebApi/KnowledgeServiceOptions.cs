// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel.DataAnnotations;
using Rag.Connectors.Onnx;
using Rag.Connectors.OpenAI;

namespace Rag.WebApi;

/// <summary>The "Knowledge" configuration section of the service.</summary>
public sealed class KnowledgeServiceOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>Gets or sets the folder holding the documents (uploads are saved here; it is the folder that is indexed).</summary>
    [Required]
    public string DocumentsFolder { get; set; } = "data/documents";

    /// <summary>Gets or sets the SQLite index file.</summary>
    [Required]
    public string IndexPath { get; set; } = "data/index.db";

    /// <summary>
    /// Gets or sets the API key; when set, every /api and /v1 request needs it in the X-Api-Key header or as
    /// <c>Authorization: Bearer &lt;key&gt;</c>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the built-in embedding model, by any name <see cref="BuiltInEmbeddingModels.Find"/> knows:
    /// <c>minilm</c> (the default, the better retriever) or <c>arctic-xs</c> (int8, about twice as fast to embed).
    /// Changing it on an existing index means re-indexing.
    /// </summary>
    [Required]
    public string EmbeddingModel { get; set; } = BuiltInEmbeddingModels.Default.Name;

    /// <summary>
    /// Gets or sets the language the keyword index stems and drops stop words in, by <see cref="Rag.KeywordLanguage"/>
    /// name (any case): <c>auto</c> (each document's, chunk's and sentence's language detected), <c>english</c> or <c>spanish</c>.
    /// Unset: an existing index keeps the setting it was written with (<c>auto</c> for a new one). Another setting
    /// re-analyses the keyword index from the stored chunk text when the service opens it; chunks and vectors are kept.
    /// </summary>
    public string? KeywordLanguage { get; set; }

    /// <summary>
    /// Gets or sets a local GGUF chat model; without one (and without <see cref="ChatServer"/>), answers are extractive.
    /// The "Knowledge:LlamaSharp" section sets its other options (ContextSize, GpuLayerCount, MaxConcurrentRequests…).
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Gets or sets a chat model on a shared OpenAI-compatible server (for example another node's /v1), used instead of a
    /// local one: Endpoint, ModelId, ApiKey, ContextWindowTokens, Timeout, MaxRetries. Not together with <see cref="ModelPath"/>.
    /// </summary>
    public OpenAIChatOptions? ChatServer { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether this node serves its local models to other nodes at /v1
    /// (OpenAI-compatible chat completions, embeddings and models). Off by default; protect it with <see cref="ApiKey"/>.
    /// </summary>
    public bool ServeModels { get; set; }

    /// <summary>Gets or sets the largest accepted upload request, in bytes. Defaults to 50 MB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest accepted body of any other /api request (the JSON of a question) and of any /v1 request, in
    /// bytes; a larger one is refused with 413 before it is read. Defaults to 1 MiB.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets the slowest accepted request body, in bytes per second, once <see cref="RequestBodyGracePeriodSeconds"/>
    /// have passed: a client trickling an upload slower than this is cut off (Kestrel's MinRequestBodyDataRate). Defaults to 1024.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public int MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>Gets or sets the seconds a request body may take before <see cref="MinRequestBodyBytesPerSecond"/> applies. Defaults to 10.</summary>
    [Range(2, 3600)]
    public int RequestBodyGracePeriodSeconds { get; set; } = 10;

    /// <summary>Gets the file extensions accepted for upload when <see cref="AllowedExtensions"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultAllowedExtensions { get; } = [".pdf", ".docx", ".xlsx", ".pptx", ".md", ".markdown", ".txt", ".html", ".htm", ".csv", ".json", ".png", ".jpg", ".jpeg", ".tif", ".tiff"];

    /// <summary>
    /// Gets or sets the file extensions accepted for upload; a configured list replaces <see cref="DefaultAllowedExtensions"/>
    /// (empty means the defaults). Entries are normalised to a lower-case ".ext" and listed once.
    /// </summary>
    /// <remarks>
    /// Empty by default, not the defaults themselves: the configuration binder adds a configured array to the one a
    /// property already holds, so a default list here would make ".md" alone mean ".md" plus every default type.
    /// </remarks>
    public string[] AllowedExtensions { get; set; } = [];

    /// <summary>
    /// Gets or sets the origins allowed by CORS, and trusted to write (upload, ingest, delete) from a browser; none by
    /// default: CORS is off and only the service's own pages may write from a browser.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Gets or sets the requests each client may make per minute to the API.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>
    /// Gets or sets the requests per minute to /v1 for the holders of <see cref="ApiKey"/> together, and for each client
    /// address without it (so guessing keys gets no fresh budget). Defaults to 600.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ModelRequestsPerMinute { get; set; } = 600;

    /// <summary>Gets or sets the most strings one /v1/embeddings request may embed. Defaults to 256.</summary>
    [Range(1, 2048)]
    public int MaxEmbeddingInputs { get; set; } = 256;

    /// <summary>
    /// Gets or sets the longest JSON schema a /v1 chat completion may ask its output to follow, in characters of JSON
    /// (compiling a grammar from a huge schema holds the model's only slot). Defaults to 32,768.
    /// </summary>
    [Range(2, 1_000_000)]
    public int MaxJsonSchemaCharacters { get; set; } = 32_768;

    /// <summary>Gets or sets the longest accepted question, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxQuestionLength { get; set; } = 2000;

    /// <summary>Gets or sets the most characters the earlier turns of a conversation may hold together.</summary>
    [Range(0, 1_000_000)]
    public int MaxHistoryLength { get; set; } = 16_000;
}
