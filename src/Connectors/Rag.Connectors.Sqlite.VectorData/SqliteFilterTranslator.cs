// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.Extensions.VectorData.ProviderServices;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Storage;
using Rag.Connectors.VectorData;

namespace Rag.Connectors.Sqlite.VectorData;

/// <summary>The SQLite dialect of the filter translation: <c>$</c> parameters, integer booleans, JSON lists.</summary>
internal sealed class SqliteFilterTranslator : SqlFilterTranslator
{
    private SqliteFilterTranslator()
    {
    }

    protected override string StoreName => "SQLite";

    protected override string TrueLiteral => "1";

    public static SqlFilter Translate(LambdaExpression filter, CollectionModel model) => new SqliteFilterTranslator().TranslateFilter(filter, model);

    protected override string QuoteColumn(string name) => SqliteDatabase.Quote(name);

    protected override object ToStorage(object? value) => SqliteValues.ToStorage(value);

    protected override string ParameterName(int index) => string.Create(CultureInfo.InvariantCulture, $"$f{index}");

    protected override string ListContains(string listColumn, string parameter) => $"EXISTS (SELECT 1 FROM json_each({listColumn}) WHERE value = {parameter})";

    protected override string ColumnIn(string column, IEnumerable values)
    {
        object?[] stored = [.. values.Cast<object?>().Select(SqliteValues.ToStorage).Select(v => v is System.DBNull ? null : v)];
        return $"{column} IN (SELECT value FROM json_each({AddParameter(JsonSerializer.Serialize(stored))}))";
    }
}
