// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Rag.Connectors.Postgres.Schema;
using Rag.Connectors.Search;
using Rag.Connectors.VectorData;

namespace Rag.Connectors.Postgres.VectorData;

/// <summary>The PostgreSQL dialect of the filter translation: <c>@</c> parameters, native booleans, <c>= ANY</c> over arrays.</summary>
internal sealed class PostgresFilterTranslator : SqlFilterTranslator
{
    private PostgresFilterTranslator()
    {
    }

    protected override string StoreName => "PostgreSQL";

    protected override string TrueLiteral => "TRUE";

    public static SqlFilter Translate(LambdaExpression filter, CollectionModel model) => new PostgresFilterTranslator().TranslateFilter(filter, model);

    protected override string QuoteColumn(string name) => SchemaNames.Quote(name);

    protected override object ToStorage(object? value) => PostgresValues.ToStorage(value);

    protected override string ParameterName(int index) => string.Create(CultureInfo.InvariantCulture, $"@f{index}");

    protected override string ListContains(string listColumn, string parameter) => $"{parameter} = ANY({listColumn})";

    protected override string ColumnIn(string column, IEnumerable values)
    {
        // NULL never equals anything in SQL, so null items are dropped; the rest become one typed array parameter.
        object[] stored = [.. values.Cast<object?>().Select(PostgresValues.ToStorage).Where(v => v is not DBNull)];
        Type elementType = stored.Length == 0 ? typeof(string) : stored[0].GetType();
        var array = Array.CreateInstance(elementType, stored.Length);
        Array.Copy(stored, array, stored.Length);
        return $"{column} = ANY({AddParameter(array)})";
    }
}
