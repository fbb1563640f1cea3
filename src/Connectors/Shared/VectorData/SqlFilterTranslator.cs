// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;
using Rag.Connectors.Search;

namespace Rag.Connectors.VectorData;

/// <summary>
/// Translates the LINQ filter subset (==, !=, &lt;, &lt;=, &gt;, &gt;=, &amp;&amp;, ||, !, and <c>Contains</c> on a tag list or
/// on a list of values) to a parameterised SQL predicate; anything else is a <see cref="NotSupportedException"/> naming the
/// expression. Shared source: each SQL store derives it for its dialect (parameter names, booleans, list predicates).
/// </summary>
internal abstract class SqlFilterTranslator : FilterTranslatorBase
{
    private readonly List<KeyValuePair<string, object?>> _parameters = [];

    /// <summary>Gets the store's name for error messages, e.g. <c>SQLite</c>.</summary>
    protected abstract string StoreName { get; }

    /// <summary>Gets the SQL of a true predicate; false is its negation.</summary>
    protected abstract string TrueLiteral { get; }

    /// <summary>Quotes a column name.</summary>
    protected abstract string QuoteColumn(string name);

    /// <summary>Converts a CLR value to what the store holds and compares.</summary>
    protected abstract object ToStorage(object? value);

    /// <summary>The name of the parameter with this index, with the dialect's prefix.</summary>
    protected abstract string ParameterName(int index);

    /// <summary>The predicate "the list column holds the value <paramref name="parameter"/>".</summary>
    protected abstract string ListContains(string listColumn, string parameter);

    /// <summary>The predicate "the column's value is one of <paramref name="values"/>".</summary>
    protected abstract string ColumnIn(string column, IEnumerable values);

    /// <summary>Translates a filter against a collection's model.</summary>
    protected SqlFilter TranslateFilter(LambdaExpression filter, CollectionModel model)
    {
        Expression body = PreprocessFilter(filter, model, new FilterPreprocessingOptions { SupportsParameterization = true });
        return new SqlFilter(TranslateNode(body), _parameters);
    }

    /// <summary>Adds a parameter holding an already stored value and returns its name.</summary>
    protected string AddParameter(object value)
    {
        string name = ParameterName(_parameters.Count);
        _parameters.Add(new(name, value));
        return name;
    }

    private NotSupportedException Unsupported(Expression node) =>
        new($"The filter expression '{node}' is not supported by the {StoreName} connector. Supported: ==, !=, <, <=, >, >=, &&, ||, !, and Contains on a tag list or on a list of values.");

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
                return constant ? TrueLiteral : $"(NOT {TrueLiteral})";
            default:
                if ((node.Type == typeof(bool) || node.Type == typeof(bool?)) && TryBindColumn(node, out string? column))
                {
                    return $"{column} = {TrueLiteral}";
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

        string parameter = AddParameter(ToStorage(value));

        // SQL's <> is unknown for NULL columns; C#'s != is true. Keep the C# meaning.
        return op == "<>" ? $"({column} IS NULL OR {column} <> {parameter})" : $"{column} {op} {parameter}";
    }

    private string TranslateCall(MethodCallExpression call)
    {
        if (TryMatchContains(call, out Expression? source, out Expression? item))
        {
            if (TryBindColumn(source, out string? listColumn) && TryGetValue(item, out object? value))
            {
                return ListContains(listColumn, AddParameter(ToStorage(value)));
            }

            if (TryGetValue(source, out object? values) && values is IEnumerable enumerable && TryBindColumn(item, out string? column))
            {
                return ColumnIn(column, enumerable);
            }
        }

        throw Unsupported(call);
    }

    private bool TryBindColumn(Expression expression, [NotNullWhen(true)] out string? column)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert } convert)
        {
            expression = convert.Operand;
        }

        if (TryBindProperty(expression, out PropertyModel? property) && property is not VectorPropertyModel)
        {
            column = QuoteColumn(property.StorageName);
            return true;
        }

        column = null;
        return false;
    }
}
