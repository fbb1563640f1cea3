// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Rag.Connectors.Postgres.VectorData;
using Rag.Connectors.Search;
using Rag.ConformanceTests.VectorData;

namespace Rag.Connectors.Postgres.Tests.VectorData;

public sealed class PostgresFilterTranslatorTests
{
    private static readonly CollectionModel s_model = new PostgresModelBuilder().Build(typeof(Hotel<string>), typeof(string), null, null);

    private static SqlFilter Translate(Expression<Func<Hotel<string>, bool>> filter) => PostgresFilterTranslator.Translate(filter, s_model);

    [Fact]
    public void Translate_Comparisons_UseNamedParameters()
    {
        int rating = 3;

        SqlFilter filter = Translate(h => h.Rating > rating && h.Name == "City");

        Assert.Equal("(\"Rating\" > @f0 AND \"Name\" = @f1)", filter.Sql);
        Assert.Equal([3L, (object)"City"], filter.Parameters.Select(p => p.Value));
    }

    [Fact]
    public void Translate_BooleanProperty_ComparesWithTrue()
    {
        SqlFilter filter = Translate(h => h.Name != "x" || !h.Parking);

        Assert.Equal("((\"Name\" IS NULL OR \"Name\" <> @f0) OR (NOT \"Parking\" = TRUE))", filter.Sql);
    }

    [Fact]
    public void Translate_TagListContains_UsesAny()
    {
        SqlFilter filter = Translate(h => h.Tags.Contains("pool"));

        Assert.Equal("@f0 = ANY(\"Tags\")", filter.Sql);
        Assert.Equal("pool", filter.Parameters.Single().Value);
    }

    [Fact]
    public void Translate_ValueListContainsProperty_PassesTypedArray()
    {
        List<string?> names = ["a", null, "b"];

        SqlFilter filter = Translate(h => names.Contains(h.Name));

        Assert.Equal("\"Name\" = ANY(@f0)", filter.Sql);
        Assert.Equal(new[] { "a", "b" }, Assert.IsType<string[]>(filter.Parameters.Single().Value));
    }

    [Fact]
    public void Translate_DateTimeOffset_StoresUtcTicks()
    {
        var since = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

        SqlFilter filter = Translate(h => h.Opened >= since);

        Assert.Equal(since.UtcTicks, filter.Parameters.Single().Value);
    }

    [Fact]
    public void Translate_UnsupportedMethod_ThrowsNamingExpressionAndStore()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Translate(h => h.Name.StartsWith("Ci", StringComparison.Ordinal)));

        Assert.Contains("StartsWith", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", ex.Message, StringComparison.Ordinal);
    }
}
