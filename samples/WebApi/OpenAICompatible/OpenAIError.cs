// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>An OpenAI-style error (<c>{"error": {"message", "type", "param", "code"}}</c>) with its HTTP status, so OpenAI clients surface the message.</summary>
internal sealed record OpenAIError(int StatusCode, string Message, string Type, string? Param, string? Code)
{
    public static OpenAIError InvalidRequest(string message, string? param, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static OpenAIError ModelNotFound(string? model, IEnumerable<string> served) =>
        new(StatusCodes.Status404NotFound,
            $"The model '{model}' does not exist on this server. Served: {(served.Any() ? string.Join(", ", served) : "none")} (GET /v1/models).",
            "invalid_request_error", "model", "model_not_found");

    public static OpenAIError ServerError(string traceId) =>
        new(StatusCodes.Status500InternalServerError, $"The model server failed to process the request (trace id {traceId}); the details are in its log.", "server_error", null, null);

    public IResult ToResult() => Results.Json(new Envelope(new Body(Message, Type, Param, Code)), OpenAIJson.Options, statusCode: StatusCode);

    /// <summary>The error object as UTF-8 JSON, for an error event of a stream that has started (OpenAI clients raise it).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(new Envelope(new Body(Message, Type, Param, Code)), OpenAIJson.Options);

    public Task ExecuteAsync(HttpContext context) => ToResult().ExecuteAsync(context);

    private sealed record Envelope(Body Error);

    private sealed record Body(string Message, string Type, string? Param, string? Code);
}
