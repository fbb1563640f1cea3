// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rag.Connectors.LlamaSharp.Grammars;

/// <summary>
/// Validates a JSON value against the JSON-schema subset that <see cref="JsonSchemaGrammarCompiler"/> compiles,
/// to double-check decoded output. Keywords outside that subset are ignored (annotations) rather than enforced.
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static partial class JsonSchemaValidator
{
    /// <summary>Validates <paramref name="instance"/> against <paramref name="schema"/>.</summary>
    /// <param name="schema">The JSON schema (its local <c>$ref</c>s resolve against it).</param>
    /// <param name="instance">The value to check.</param>
    /// <returns>The violations, each prefixed with the JSON pointer of the offending value; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, schema, instance, "#", errors, 0);
        return errors;
    }

    /// <summary>Returns whether <paramref name="instance"/> is valid against <paramref name="schema"/>.</summary>
    /// <param name="schema">The JSON schema.</param>
    /// <param name="instance">The value to check.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(JsonElement schema, JsonElement instance) => Validate(schema, instance).Count == 0;

    /// <summary>Returns whether <paramref name="value"/> has the JSON-schema <paramref name="type"/> (a name or an array of names).</summary>
    /// <param name="value">The value.</param>
    /// <param name="type">The <c>type</c> keyword's value.</param>
    /// <returns><see langword="true"/> when the value has (one of) the type(s).</returns>
    public static bool MatchesType(JsonElement value, JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.Array)
        {
            return type.EnumerateArray().Any(t => MatchesType(value, t));
        }

        return type.GetString() switch
        {
            "null" => value.ValueKind == JsonValueKind.Null,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
            "number" => value.ValueKind == JsonValueKind.Number,
            "string" => value.ValueKind == JsonValueKind.String,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            _ => false,
        };
    }

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out double d) && double.IsFinite(d) && Math.Floor(d) == d);

    private static void Check(JsonElement root, JsonElement schema, JsonElement instance, string path, List<string> errors, int depth)
    {
        if (depth > 64)
        {
            errors.Add($"{path}: schema nesting too deep (recursive $ref?)");
            return;
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: no value is valid against the schema 'false'");
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            if (Resolve(root, reference.GetString() ?? string.Empty) is JsonElement target)
            {
                Check(root, target, instance, path, errors, depth + 1);
            }
            else
            {
                errors.Add($"{path}: unresolvable $ref '{reference.GetString()}'");
            }
        }

        if (schema.TryGetProperty("type", out JsonElement type) && !MatchesType(instance, type))
        {
            errors.Add($"{path}: expected type {JsonSerializer.Serialize(type)}, got {instance.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !JsonElement.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: expected the constant {JsonSerializer.Serialize(constant)}");
        }

        if (schema.TryGetProperty("enum", out JsonElement values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, instance)))
        {
            errors.Add($"{path}: value is not one of {JsonSerializer.Serialize(values)}");
        }

        CheckCombinators(root, schema, instance, path, errors, depth);

        switch (instance.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(schema, instance.GetString()!, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(root, schema, instance, path, errors, depth);
                break;
            case JsonValueKind.Object:
                CheckObject(root, schema, instance, path, errors, depth);
                break;
            default:
                break;
        }
    }

    private static void CheckCombinators(JsonElement root, JsonElement schema, JsonElement instance, string path, List<string> errors, int depth)
    {
        if (schema.TryGetProperty("allOf", out JsonElement all))
        {
            foreach (JsonElement branch in all.EnumerateArray())
            {
                Check(root, branch, instance, path, errors, depth + 1);
            }
        }

        int Matches(JsonElement branches) => branches.EnumerateArray().Count(b =>
        {
            var branchErrors = new List<string>();
            Check(root, b, instance, path, branchErrors, depth + 1);
            return branchErrors.Count == 0;
        });

        if (schema.TryGetProperty("anyOf", out JsonElement any) && Matches(any) == 0)
        {
            errors.Add($"{path}: value matches none of 'anyOf'");
        }

        if (schema.TryGetProperty("oneOf", out JsonElement one) && Matches(one) is int count && count != 1)
        {
            errors.Add($"{path}: value matches {count} branches of 'oneOf', expected exactly 1");
        }
    }

    private static void CheckString(JsonElement schema, string value, string path, List<string> errors)
    {
        int length = value.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out JsonElement min) && length < min.GetInt32())
        {
            errors.Add($"{path}: string shorter than minLength {min.GetInt32()}");
        }

        if (schema.TryGetProperty("maxLength", out JsonElement max) && length > max.GetInt32())
        {
            errors.Add($"{path}: string longer than maxLength {max.GetInt32()}");
        }

        if (schema.TryGetProperty("format", out JsonElement format))
        {
            bool valid = format.GetString() switch
            {
                "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "time" => TimeRegex().IsMatch(value),
                "date-time" => value.Length > 11 && value[10] == 'T'
                    && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    && TimeRegex().IsMatch(value[11..]),
                "uuid" => Guid.TryParseExact(value, "D", out _),
                _ => true,
            };
            if (!valid)
            {
                errors.Add($"{path}: '{value}' is not a valid {format.GetString()}");
            }
        }
    }

    private static void CheckArray(JsonElement root, JsonElement schema, JsonElement instance, string path, List<string> errors, int depth)
    {
        int count = instance.GetArrayLength();
        if (schema.TryGetProperty("minItems", out JsonElement min) && count < min.GetInt32())
        {
            errors.Add($"{path}: fewer than minItems {min.GetInt32()}");
        }

        if (schema.TryGetProperty("maxItems", out JsonElement max) && count > max.GetInt32())
        {
            errors.Add($"{path}: more than maxItems {max.GetInt32()}");
        }

        if (schema.TryGetProperty("items", out JsonElement items) && items.ValueKind != JsonValueKind.Array)
        {
            int i = 0;
            foreach (JsonElement item in instance.EnumerateArray())
            {
                Check(root, items, item, path + "/" + i.ToString(CultureInfo.InvariantCulture), errors, depth + 1);
                i++;
            }
        }
    }

    private static void CheckObject(JsonElement root, JsonElement schema, JsonElement instance, string path, List<string> errors, int depth)
    {
        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties);
        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (!instance.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: missing required property '{name.GetString()}'");
                }
            }
        }

        schema.TryGetProperty("additionalProperties", out JsonElement additional);
        foreach (JsonProperty member in instance.EnumerateObject())
        {
            string memberPath = path + "/" + JsonSchemaGrammarCompiler.EscapePointerToken(member.Name);
            if (hasProperties && properties.TryGetProperty(member.Name, out JsonElement propertySchema))
            {
                Check(root, propertySchema, member.Value, memberPath, errors, depth + 1);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{path}: property '{member.Name}' is not allowed (additionalProperties: false)");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(root, additional, member.Value, memberPath, errors, depth + 1);
            }
        }
    }

    private static JsonElement? Resolve(JsonElement root, string target)
    {
        if (!target.StartsWith('#'))
        {
            return null;
        }

        JsonElement current = root;
        foreach (string raw in target.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out JsonElement next))
            {
                current = next;
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    [GeneratedRegex(@"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,3})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeRegex();
}
