// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>The wire format of the OpenAI API: snake_case names, absent rather than null optional fields.</summary>
internal static class OpenAIJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
