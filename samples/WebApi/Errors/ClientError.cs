// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Rag.WebApi.OpenAICompatible;

namespace Rag.WebApi.Errors;

/// <summary>
/// A refusal the client can act on, written in the shape the clients of its path read: an OpenAI error object under
/// <c>/v1</c> (what OpenAI SDKs surface), RFC 9457 ProblemDetails everywhere else; with <c>Retry-After</c> when waiting helps.
/// </summary>
/// <remarks>
/// ProblemDetails are written even when the request accepts only <c>text/event-stream</c> (the page's streaming ask): the
/// status is what counts, and a refusal must never turn into a 500 because no formatter matched the Accept header.
/// </remarks>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Title">A short summary (the ProblemDetails title).</param>
/// <param name="Detail">What went wrong and what to do about it, naming the field or setting.</param>
internal sealed record ClientError(int StatusCode, string Title, string Detail) : IResult
{
    /// <summary>Gets a machine-readable reason: the OpenAI <c>code</c>, or the ProblemDetails <c>code</c> extension.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the request field at fault (the OpenAI <c>param</c>).</summary>
    public string? Param { get; init; }

    /// <summary>Gets how long the client should wait before retrying, sent as <c>Retry-After</c> in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets further ProblemDetails members (for example token counts).</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    /// <summary>The error for a response that ended with a bare status code (no route, wrong method, body too large…).</summary>
    public static ClientError ForStatus(HttpContext context)
    {
        int status = context.Response.StatusCode;
        HttpRequest request = context.Request;
        string detail = status switch
        {
            StatusCodes.Status400BadRequest => $"The request to {request.Path} is malformed: check its parameters and JSON body.",
            StatusCodes.Status404NotFound => $"Nothing is served at {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {request.Path} accepts.",
            StatusCodes.Status415UnsupportedMediaType => $"{request.Path} does not read a body of type '{request.ContentType}'.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return new ClientError(status, ReasonPhrases.GetReasonPhrase(status), detail);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (RetryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (httpContext.Request.Path.StartsWithSegments(OpenAIEndpoints.Prefix))
        {
            return ToOpenAIError().ExecuteAsync(httpContext);
        }

        var extensions = new Dictionary<string, object?>(Extensions);
        if (Code is not null)
        {
            extensions["code"] = Code;
        }

        return TypedResults.Problem(Detail, statusCode: StatusCode, title: Title, extensions: extensions).ExecuteAsync(httpContext);
    }

    /// <summary>The error as an OpenAI error object.</summary>
    public OpenAIError ToOpenAIError() => new(StatusCode, Detail, OpenAIType(StatusCode), Param, Code);

    // The "type" OpenAI's own API gives errors of each status.
    private static string OpenAIType(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "requests",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
