// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Rag.Samples.Indexing;
using Rag.WebApi.Ingestion;

namespace Rag.WebApi.Endpoints;

/// <summary>Upload (multipart), list and delete documents.</summary>
internal static class DocumentEndpoints
{
    /// <summary>How long a delete waits for the index's write lock before it is refused as busy.</summary>
    private static readonly TimeSpan s_deleteLockWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan s_lockPollInterval = TimeSpan.FromMilliseconds(100);

    public static RouteGroupBuilder MapDocumentEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        api.MapGet("/documents", ListAsync).WithName("ListDocuments").WithSummary("Lists the documents, including those that failed to ingest and why.");
        api.MapPost("/documents", UploadAsync).WithName("UploadDocuments")
            .WithSummary("Uploads documents (multipart field 'files'); they are indexed in the background. A name already present is 409 unless 'overwrite=true'.")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = maxUploadBytes });
        // Catch-all: an id is a path relative to the documents folder, so a document in a subfolder has a '/' in it.
        api.MapDelete("/documents/{*id}", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Deletes a document: its file and its index entries. 409 while another writer (a sync, the CLI's index) holds the index's write lock.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<DocumentDto>>> ListAsync(KnowledgeStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DocumentDto>>([.. (await store.GetDocumentsAsync(cancellationToken)).Select(DocumentDto.From)]);

    /// <summary>Saves the uploaded files; refuses the whole upload, before saving any, when one is invalid or would replace a document without <c>overwrite=true</c>.</summary>
    private static async Task<Results<Accepted<UploadResult>, ProblemHttpResult>> UploadAsync(
        IFormFileCollection files, bool? overwrite, IOptions<KnowledgeServiceOptions> options, IngestionQueue queue, CancellationToken cancellationToken)
    {
        KnowledgeServiceOptions settings = options.Value;
        bool replace = overwrite == true;
        if (files.Count == 0)
        {
            return TypedResults.Problem(title: "No files", detail: "Send the documents in the multipart field 'files'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var saved = new List<(IFormFile File, string Name)>();
        foreach (IFormFile file in files)
        {
            if (UploadFileName.Sanitize(file.FileName) is not { } name)
            {
                return TypedResults.Problem(title: "Invalid file name", detail: $"The file name '{file.FileName}' is not allowed.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (!settings.AllowedExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
            {
                return TypedResults.Problem(
                    title: "Unsupported file type",
                    detail: $"'{name}' is not one of the accepted types: {string.Join(", ", settings.AllowedExtensions)}.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            if (saved.Exists(s => s.Name == name))
            {
                return TypedResults.Problem(title: "Duplicate file name", detail: $"The upload holds '{name}' more than once.", statusCode: StatusCodes.Status400BadRequest);
            }

            saved.Add((file, name));
        }

        if (!replace && saved.Select(s => s.Name).Where(n => File.Exists(Path.Combine(settings.DocumentsFolder, n))).ToList() is { Count: > 0 } existing)
        {
            return Conflict(existing);
        }

        Directory.CreateDirectory(settings.DocumentsFolder);
        foreach ((IFormFile file, string name) in saved)
        {
            // Write to a temporary file first, then move: the background sync never reads a half-written upload.
            string target = Path.Combine(settings.DocumentsFolder, name);
            string temporary = Path.Combine(settings.DocumentsFolder, $".{name}.{Guid.NewGuid():N}.uploading");
            try
            {
                await using (FileStream stream = File.Create(temporary))
                {
                    await file.CopyToAsync(stream, cancellationToken);
                }

                File.Move(temporary, target, replace);
            }
            catch (IOException) when (!replace && File.Exists(target))
            {
                queue.Enqueue(); // for the files saved before this one
                return Conflict([name]); // created by another request since the check above
            }
            finally
            {
                File.Delete(temporary); // a client that goes away mid-copy leaves nothing behind; a no-op after the move
            }
        }

        queue.Enqueue();
        return TypedResults.Accepted("/api/ingestion", new UploadResult([.. saved.Select(s => s.Name)]));
    }

    private static ProblemHttpResult Conflict(IReadOnlyList<string> existing) => TypedResults.Problem(
        title: "Document exists",
        detail: $"{string.Join(", ", existing.Select(n => $"'{n}'"))} {(existing.Count == 1 ? "is" : "are")} already in the documents folder: send the upload with 'overwrite=true' to replace {(existing.Count == 1 ? "it" : "them")}, or rename the file.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["existing"] = existing });

    /// <summary>
    /// Deletes under the index's write lock, the one the background sync and the CLI's <c>index</c> take, so the index
    /// never has two writers. A short write (the service's own sync of a change) is waited for, up to
    /// 5 seconds; while another holder keeps it longer the delete is refused (409, naming the holder)
    /// and nothing changes.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, KnowledgeStore store, IOptions<KnowledgeServiceOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        IndexLockHolder? holder = null;
        IndexWriteLock? acquired;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(s_deleteLockWait);
            try
            {
                acquired = await IndexWriteLock.AcquireAsync(options.Value.IndexPath, timeProvider, s_lockPollInterval, h => holder = h, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                acquired = null;
            }
        }

        using IndexWriteLock? writeLock = acquired;
        if (writeLock is null)
        {
            return TypedResults.Problem(
                title: "Index busy",
                detail: $"The index is being written by {IndexLockHolder.Describe(holder)}; nothing was deleted. Try again when it has finished (GET /api/ingestion shows the service's own sync).",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["holder"] = IndexLockHolder.Describe(holder) });
        }

        // The server leaves an encoded '/' (%2F) encoded, so an id sent whole through encodeURIComponent is matched decoded.
        IReadOnlyList<DocumentRecord> documents = await store.GetDocumentsAsync(cancellationToken);
        DocumentRecord? document = documents.FirstOrDefault(d => d.Id == id) ?? documents.FirstOrDefault(d => d.Id == Uri.UnescapeDataString(id));
        if (document is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"No document with id '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        string root = Path.GetFullPath(options.Value.DocumentsFolder);
        string file = Path.GetFullPath(Path.Combine(root, document.Path));
        if (file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file))
        {
            File.Delete(file);
        }

        await store.DeleteDocumentAsync(document.Id, cancellationToken);
        return TypedResults.NoContent();
    }
}
