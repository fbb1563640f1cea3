// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Endpoints;

/// <summary>One earlier message of the conversation: role "user" or "assistant".</summary>
public sealed record HistoryMessage(string Role, string Content);
