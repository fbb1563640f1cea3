// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Endpoints;

/// <summary>A question, with optional earlier turns of the conversation and filters.</summary>
public sealed record AskRequest(string Question, IReadOnlyList<HistoryMessage>? History = null, string? PathPrefix = null, string[]? FileTypes = null, int? Top = null);
