// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.Postgres.Schema;

/// <summary>The quoted, schema-qualified names of one knowledge store's tables.</summary>
internal sealed class SchemaNames
{
    public SchemaNames(string schema)
    {
        RawSchema = schema;
        Schema = Quote(schema);
        SchemaVersion = Schema + ".rag_schema_version";
        Store = Schema + ".rag_store";
        Documents = Schema + ".documents";
        Chunks = Schema + ".chunks";
        HnswIndex = Schema + ".chunks_embedding_hnsw";
        KeywordLanguages = Schema + ".keyword_languages";
    }

    /// <summary>Gets the schema name as configured.</summary>
    public string RawSchema { get; }

    /// <summary>Gets the quoted schema name.</summary>
    public string Schema { get; }

    public string SchemaVersion { get; }

    public string Store { get; }

    public string Documents { get; }

    public string Chunks { get; }

    public string HnswIndex { get; }

    /// <summary>Gets the table of the text search configurations the chunks were analysed with (one row each).</summary>
    public string KeywordLanguages { get; }

    /// <summary>Quotes an identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
