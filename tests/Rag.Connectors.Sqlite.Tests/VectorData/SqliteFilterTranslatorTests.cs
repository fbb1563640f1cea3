// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.VectorData;
using Rag.ConformanceTests.VectorData;

namespace Rag.Connectors.Sqlite.Tests.VectorData;

public sealed class SqliteFilterTranslatorTests
{
    private static readonly CollectionModel s_model = new SqliteModelBuilder().Build(typeof(Hotel<string>), typeof(string), null, null);

    private static SqlFilter Translate(Expression<Func<Hotel<string>, bool>> filter) => SqliteFilterTranslator.Translate(filter, s_model);

    [Fact]
    public void Translate_Comparisons_UseParameters()
    {
        int rating = 3;

        SqlFilter filter = Translate(h => h.Rating > rating && h.Name == "City");

        Assert.Equal("(\"Rating\" > $f0 AND \"Name\" = $f1)", filter.Sql);
        Assert.Equal([3L, (object)"City"], filter.Parameters.Select(p => p.Value));
    }

    [Fact]
    public void Translate_ValueOnLeft_FlipsOperator()
    {
        SqlFilter filter = Translate(h => 4 <= h.Rating);

        Assert.Equal("\"Rating\" >= $f0", filter.Sql);
    }

    [Fact]
    public void Translate_NotEqualOrNot_KeepsCSharpNullSemantics()
    {
        SqlFilter filter = Translate(h => h.Name != "x" || !h.Parking);

        Assert.Equal("((\"Name\" IS NULL OR \"Name\" <> $f0) OR (NOT \"Parking\" = 1))", filter.Sql);
    }

    [Fact]
    public void Translate_EqualsNull_IsNull()
    {
        SqlFilter filter = Translate(h => h.Name == null);

        Assert.Equal("\"Name\" IS NULL", filter.Sql);
        Assert.Empty(filter.Parameters);
    }

    [Fact]
    public void Translate_TagListContains_UsesJsonEach()
    {
        SqlFilter filter = Translate(h => h.Tags.Contains("pool"));

        Assert.Equal("EXISTS (SELECT 1 FROM json_each(\"Tags\") WHERE value = $f0)", filter.Sql);
        Assert.Equal("pool", filter.Parameters.Single().Value);
    }

    [Fact]
    public void Translate_ValueListContainsProperty_UsesIn()
    {
        List<string> names = ["a", "b"];

        SqlFilter filter = Translate(h => names.Contains(h.Name));

        Assert.Equal("\"Name\" IN (SELECT value FROM json_each($f0))", filter.Sql);
        Assert.Equal("[\"a\",\"b\"]", filter.Parameters.Single().Value);
    }

    [Fact]
    public void Translate_DateTimeOffset_StoresUtcTicks()
    {
        var since = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

        SqlFilter filter = Translate(h => h.Opened >= since);

        Assert.Equal(since.UtcTicks, filter.Parameters.Single().Value);
    }

    [Fact]
    public void Translate_UnsupportedMethod_ThrowsNamingExpression()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Translate(h => h.Name.StartsWith("Ci", StringComparison.Ordinal)));

        Assert.Contains("StartsWith", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_ArithmeticOnProperty_ThrowsNamingExpression()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Translate(h => h.Rating + 1 > 3));

        Assert.Contains("(h.Rating + 1)", ex.Message, StringComparison.Ordinal);
    }
}
