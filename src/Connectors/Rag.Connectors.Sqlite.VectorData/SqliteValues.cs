// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Rag.Connectors.Sqlite.VectorData;

/// <summary>Maps record property values to SQLite storage values and back (one place, used by writes and filters alike).</summary>
internal static class SqliteValues
{
    private static readonly Type[] s_scalarTypes =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(float), typeof(double), typeof(decimal),
        typeof(DateTime), typeof(DateTimeOffset), typeof(Guid),
    ];

    public const string SupportedDataTypes = "string, bool, int, long, short, byte, float, double, decimal, DateTime, DateTimeOffset, Guid, enums (and their nullable forms), string[] / List<string> / IList<string> / IReadOnlyList<string>";

    public static bool IsSupported(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsEnum || s_scalarTypes.Contains(t) || IsStringList(t);
    }

    public static bool IsStringList(Type type) =>
        type == typeof(string[]) || type == typeof(List<string>) || type == typeof(IList<string>) || type == typeof(IReadOnlyList<string>)
        || type == typeof(ICollection<string>) || type == typeof(IEnumerable<string>) || type == typeof(IReadOnlyCollection<string>);

    public static string ColumnType(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(DateTime) || t == typeof(DateTimeOffset))
        {
            return "INTEGER";
        }

        return t == typeof(float) || t == typeof(double) || t == typeof(decimal) ? "REAL" : "TEXT";
    }

    /// <summary>Converts a CLR value to what is stored (and compared in filters).</summary>
    public static object ToStorage(object? value) => value switch
    {
        null => DBNull.Value,
        string s => s,
        bool b => b ? 1L : 0L,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
        int or long or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcTicks,
        DateTime d => d.Ticks,
        Guid g => g.ToString("D"),
        IEnumerable<string> list => JsonSerializer.Serialize(list.ToArray()),
        IEnumerable list => JsonSerializer.Serialize(list.Cast<object?>().Select(ToStorage).Select(v => v is DBNull ? null : v).ToArray()),
        _ => throw new NotSupportedException($"Values of type '{value.GetType()}' cannot be stored by the SQLite connector. Supported: {SupportedDataTypes}."),
    };

    /// <summary>Converts a stored value back to the property's CLR type.</summary>
    public static object? FromStorage(object? stored, Type type)
    {
        if (stored is null or DBNull)
        {
            return null;
        }

        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return Convert.ToString(stored, CultureInfo.InvariantCulture);
        }

        if (t.IsEnum)
        {
            return Enum.ToObject(t, Convert.ToInt64(stored, CultureInfo.InvariantCulture));
        }

        if (t == typeof(bool))
        {
            return Convert.ToInt64(stored, CultureInfo.InvariantCulture) != 0;
        }

        if (t == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(Convert.ToInt64(stored, CultureInfo.InvariantCulture), TimeSpan.Zero);
        }

        if (t == typeof(DateTime))
        {
            return new DateTime(Convert.ToInt64(stored, CultureInfo.InvariantCulture));
        }

        if (t == typeof(Guid))
        {
            return Guid.Parse(Convert.ToString(stored, CultureInfo.InvariantCulture)!);
        }

        if (IsStringList(t))
        {
            string[] items = JsonSerializer.Deserialize<string[]>(Convert.ToString(stored, CultureInfo.InvariantCulture)!) ?? [];
            return t == typeof(string[]) ? items : new List<string>(items);
        }

        return Convert.ChangeType(stored, t, CultureInfo.InvariantCulture);
    }
}
