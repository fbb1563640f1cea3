// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>Reads an OpenAI request body, or says why it cannot be read: too large (413) or not JSON of that shape (400, naming the field).</summary>
internal static class RequestBody
{
    public static async Task<(T? Body, OpenAIError? Error)> ReadAsync<T>(HttpRequest request, string description, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await request.ReadFromJsonAsync<T>(OpenAIJson.Options, cancellationToken) is { } body
                ? (body, null)
                : (null, OpenAIError.InvalidRequest($"The body must be a JSON {description}, not null.", null));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            long? limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return (null, new OpenAIError(
                StatusCodes.Status413PayloadTooLarge, $"The request body is larger than this server accepts ({limit} bytes, Knowledge:MaxRequestBodyBytes).", "invalid_request_error", null, "request_too_large"));
        }
        catch (JsonException e)
        {
            return (null, OpenAIError.InvalidRequest($"The body is not a valid JSON {description}: {e.Message}", e.Path is { Length: > 2 } path ? JsonParam(path) : null));
        }
        catch (Exception e) when (e is InvalidOperationException or BadHttpRequestException)
        {
            return (null, OpenAIError.InvalidRequest($"The body must be a JSON {description} (Content-Type: application/json).", null));
        }
    }

    /// <summary>Reads a JSON string; <see langword="null"/> when it is not one, or when it escapes a lone UTF-16 surrogate (<c>"\ud800"</c>), which is no text.</summary>
    public static string? ReadString(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Reads one string or an array of strings; <see langword="null"/> for anything else, or for text that <see cref="ReadString"/> refuses.</summary>
    public static List<string>? ReadStrings(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.String or JsonValueKind.Array } value)
        {
            return null;
        }

        IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
        var strings = new List<string>();
        foreach (JsonElement item in items)
        {
            if (ReadString(item) is not { } text)
            {
                return null;
            }

            strings.Add(text);
        }

        return strings;
    }

    // "$.messages[0].role" → "messages[0].role", the way OpenAI names a parameter.
    private static string JsonParam(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
