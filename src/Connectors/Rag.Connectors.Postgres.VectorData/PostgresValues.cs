// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Rag.Connectors.Postgres.VectorData;

/// <summary>
/// Maps record property values to PostgreSQL column values and back (one place, used by writes and filters alike):
/// integers and enums as <c>bigint</c>, reals as <c>double precision</c>, dates as UTC ticks (<c>bigint</c>, exact and
/// ordered), GUIDs as <c>uuid</c>, string lists as <c>text[]</c>.
/// </summary>
internal static class PostgresValues
{
    public const string SupportedDataTypes = "string, bool, int, long, short, byte, float, double, decimal, DateTime, DateTimeOffset, Guid, enums (and their nullable forms), string[] / List<string> / IList<string> / IReadOnlyList<string>";

    public static bool IsSupported(Type type) => ColumnTypeOrNull(type) is not null;

    public static bool IsStringList(Type type) =>
        type == typeof(string[]) || type == typeof(List<string>) || type == typeof(IList<string>) || type == typeof(IReadOnlyList<string>)
        || type == typeof(ICollection<string>) || type == typeof(IEnumerable<string>) || type == typeof(IReadOnlyCollection<string>);

    /// <summary>The column type of a supported property type.</summary>
    public static string ColumnType(Type type) => ColumnTypeOrNull(type)
        ?? throw new NotSupportedException($"Properties of type '{type}' cannot be stored by the PostgreSQL connector. Supported: {SupportedDataTypes}.");

    /// <summary>Converts a CLR value to what is stored (and compared in filters).</summary>
    public static object ToStorage(object? value) => value switch
    {
        null => DBNull.Value,
        string or bool or Guid => value,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
        int or long or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcTicks,
        DateTime d => d.Ticks,
        IEnumerable<string> list => list.ToArray(),
        _ => throw new NotSupportedException($"Values of type '{value.GetType()}' cannot be stored by the PostgreSQL connector. Supported: {SupportedDataTypes}."),
    };

    /// <summary>Converts a stored value back to the property's CLR type.</summary>
    public static object? FromStorage(object? stored, Type type)
    {
        if (stored is null or DBNull)
        {
            return null;
        }

        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when t.IsEnum => Enum.ToObject(t, (long)stored),
            _ when t == typeof(DateTimeOffset) => new DateTimeOffset((long)stored, TimeSpan.Zero),
            _ when t == typeof(DateTime) => new DateTime((long)stored),
            _ when t == typeof(string[]) => (string[])stored,
            _ when IsStringList(t) => new List<string>((string[])stored),
            _ when t == typeof(string) || t == typeof(bool) || t == typeof(Guid) => stored,
            _ => Convert.ChangeType(stored, t, CultureInfo.InvariantCulture),
        };
    }

    private static string? ColumnTypeOrNull(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when t == typeof(string) => "text",
            _ when t == typeof(bool) => "boolean",
            _ when t == typeof(Guid) => "uuid",
            _ when t.IsEnum || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(DateTime) || t == typeof(DateTimeOffset) => "bigint",
            _ when t == typeof(float) || t == typeof(double) || t == typeof(decimal) => "double precision",
            _ when IsStringList(t) => "text[]",
            _ => null,
        };
    }
}
