// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Postgres.Schema;

/// <summary>The SQL of a chunk's weighted <c>tsvector</c>: title (label A), heading path (B) and text (C), all analysed with one text search configuration.</summary>
internal static class SearchVector
{
    /// <summary>The expression over the SQL operands given (columns or parameters); <paramref name="configuration"/> must be a <c>regconfig</c>.</summary>
    public static string Sql(string configuration, string title, string headings, string text) =>
        $"setweight(to_tsvector({configuration}, coalesce({title}, '')), 'A') || setweight(to_tsvector({configuration}, {headings}), 'B') || setweight(to_tsvector({configuration}, {text}), 'C')";
}
