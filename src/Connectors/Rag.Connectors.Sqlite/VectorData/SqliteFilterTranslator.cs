// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;
using Rag.Connectors.Sqlite.Search;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite.VectorData;

/// <summary>
/// Translates the LINQ filter subset (==, !=, &lt;, &lt;=, &gt;, &gt;=, &amp;&amp;, ||, !, and <c>Contains</c> on a tag list or
/// on a list of values) to a parameterised SQL predicate. Anything else is a <see cref="NotSupportedException"/> naming the expression.
/// </summary>
internal sealed class SqliteFilterTranslator : FilterTranslatorBase
{
    private readonly List<KeyValuePair<string, object?>> _parameters = [];

    private SqliteFilterTranslator()
    {
    }

    public static SqlFilter Translate(LambdaExpression filter, CollectionModel model)
    {
        var translator = new SqliteFilterTranslator();
        Expression body = translator.PreprocessFilter(filter, model, new FilterPreprocessingOptions { SupportsParameterization = true });
        string sql = translator.TranslateNode(body);
        return new SqlFilter(sql, translator._parameters);
    }

    private static NotSupportedException Unsupported(Expression node) =>
        new($"The filter expression '{node}' is not supported by the SQLite connector. Supported: ==, !=, <, <=, >, >=, &&, ||, !, and Contains on a tag list or on a list of values.");

    private static bool TryGetValue(Expression expression, out object? value)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case QueryParameterExpression parameter:
                value = parameter.Value;
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert when TryGetValue(convert.Operand, out object? inner):
                value = inner is not null && (Nullable.GetUnderlyingType(convert.Type) ?? convert.Type).IsEnum
                    ? Enum.ToObject(Nullable.GetUnderlyingType(convert.Type) ?? convert.Type, inner)
                    : inner;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private string TranslateNode(Expression node)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
                return $"({TranslateNode(and.Left)} AND {TranslateNode(and.Right)})";
            case BinaryExpression { NodeType: ExpressionType.OrElse } or:
                return $"({TranslateNode(or.Left)} OR {TranslateNode(or.Right)})";
            case BinaryExpression comparison:
                return TranslateComparison(comparison);
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                return $"(NOT {TranslateNode(not.Operand)})";
            case UnaryExpression { NodeType: ExpressionType.Convert } convert when convert.Type == typeof(bool) || convert.Type == typeof(bool?):
                return TranslateNode(convert.Operand);
            case MethodCallExpression call:
                return TranslateCall(call);
            case ConstantExpression { Value: bool constant }:
                return constant ? "1" : "0";
            default:
                if ((node.Type == typeof(bool) || node.Type == typeof(bool?)) && TryBindColumn(node, out string? column))
                {
                    return $"{column} = 1";
                }

                throw Unsupported(node);
        }
    }

    private string TranslateComparison(BinaryExpression node)
    {
        string? op = node.NodeType switch
        {
            ExpressionType.Equal => "=",
            ExpressionType.NotEqual => "<>",
            ExpressionType.LessThan => "<",
            ExpressionType.LessThanOrEqual => "<=",
            ExpressionType.GreaterThan => ">",
            ExpressionType.GreaterThanOrEqual => ">=",
            _ => null,
        };
        if (op is null)
        {
            throw Unsupported(node);
        }

        if (TryBindColumn(node.Left, out string? column) && TryGetValue(node.Right, out object? value))
        {
            return Compare(column, op, value, node);
        }

        if (TryBindColumn(node.Right, out column) && TryGetValue(node.Left, out value))
        {
            string flipped = op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };
            return Compare(column, flipped, value, node);
        }

        throw Unsupported(node);
    }

    private string Compare(string column, string op, object? value, Expression node)
    {
        if (value is null)
        {
            return op switch
            {
                "=" => $"{column} IS NULL",
                "<>" => $"{column} IS NOT NULL",
                _ => throw Unsupported(node),
            };
        }

        string parameter = AddParameter(SqliteValues.ToStorage(value));

        // SQL's <> is unknown for NULL columns; C#'s != is true. Keep the C# meaning.
        return op == "<>" ? $"({column} IS NULL OR {column} <> {parameter})" : $"{column} {op} {parameter}";
    }

    private string TranslateCall(MethodCallExpression call)
    {
        if (TryMatchContains(call, out Expression? source, out Expression? item))
        {
            if (TryBindColumn(source, out string? listColumn) && TryGetValue(item, out object? value))
            {
                return $"EXISTS (SELECT 1 FROM json_each({listColumn}) WHERE value = {AddParameter(SqliteValues.ToStorage(value))})";
            }

            if (TryGetValue(source, out object? values) && values is IEnumerable enumerable && TryBindColumn(item, out string? column))
            {
                object?[] stored = [.. enumerable.Cast<object?>().Select(SqliteValues.ToStorage).Select(v => v is DBNull ? null : v)];
                return $"{column} IN (SELECT value FROM json_each({AddParameter(JsonSerializer.Serialize(stored))}))";
            }
        }

        throw Unsupported(call);
    }

    private bool TryBindColumn(Expression expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? column)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert } convert)
        {
            expression = convert.Operand;
        }

        if (TryBindProperty(expression, out PropertyModel? property) && property is not VectorPropertyModel)
        {
            column = SqliteDatabase.Quote(property.StorageName);
            return true;
        }

        column = null;
        return false;
    }

    private string AddParameter(object value)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"$f{_parameters.Count}");
        _parameters.Add(new(name, value));
        return name;
    }
}
