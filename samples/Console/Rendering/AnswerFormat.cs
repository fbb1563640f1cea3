// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Rendering;

/// <summary>How an answer is written to standard output.</summary>
internal enum AnswerFormat
{
    /// <summary>Streamed text, then a table of the cited sources.</summary>
    Text,

    /// <summary>One indented JSON document (<c>ask --json</c>).</summary>
    Json,

    /// <summary>One JSON Lines record per answer (<c>chat --json</c>, a stream of turns).</summary>
    JsonLine,
}
