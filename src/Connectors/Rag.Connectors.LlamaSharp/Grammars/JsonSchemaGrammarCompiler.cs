// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Rag.Connectors.LlamaSharp.Grammars;

/// <summary>
/// Compiles a JSON schema (the subset models are asked to follow: objects, arrays, strings, numbers, integers,
/// booleans, null, enums, consts, local <c>$ref</c>s, <c>anyOf</c>/<c>oneOf</c>) into a llama.cpp GBNF grammar,
/// so that every complete output decoded under it parses and validates against the schema.
/// </summary>
/// <remarks>
/// <para>Object properties are emitted in declared order; optional ones may be left out; no other properties are
/// emitted (<c>additionalProperties: false</c> is assumed). Whitespace, and by <see cref="JsonGrammarOptions"/>
/// free strings and arrays, are bounded so that a small model cannot loop forever inside a construct.</para>
/// <para>Constructs the grammar cannot honour (<c>pattern</c>, <c>minimum</c>, <c>not</c>, <c>if</c>, recursive
/// <c>$ref</c>s, unknown keywords, …) are rejected with a <see cref="NotSupportedException"/> whose message names the
/// JSON pointer of the construct. Thread-safe: every call works on its own state.</para>
/// </remarks>
internal static class JsonSchemaGrammarCompiler
{
    private const string Ws = "ws";

    private static readonly HashSet<string> s_annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default", "examples",
        "readOnly", "writeOnly", "deprecated", "contentMediaType", "contentEncoding",

        // Not a JSON-schema keyword: Semantic Kernel (1.8x) writes the function's description under it at the root of
        // a KernelFunction's parameter schema. An annotation for our purposes.
        "condition",
    };

    // Formats whose values are ordinary strings for our purposes: the grammar emits a string, the format is an annotation.
    private static readonly HashSet<string> s_annotationFormats = new(StringComparer.Ordinal)
    {
        "uri", "uri-reference", "iri", "iri-reference", "email", "idn-email", "hostname", "idn-hostname",
    };

    /// <summary>Gets the formats whose syntax the grammar enforces.</summary>
    public static IReadOnlySet<string> EnforcedFormats { get; } = new HashSet<string>(StringComparer.Ordinal) { "date", "time", "date-time", "uuid" };

    /// <summary>Compiles <paramref name="schema"/> into a complete grammar whose start rule is <c>root</c>.</summary>
    /// <param name="schema">The JSON schema, e.g. <c>ChatResponseFormatJson.Schema</c>.</param>
    /// <param name="options">Bounds; <see cref="JsonGrammarOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The GBNF text.</returns>
    /// <exception cref="NotSupportedException">The schema uses a construct the compiler does not support; the message names its JSON pointer.</exception>
    public static string Compile(JsonElement schema, JsonGrammarOptions? options = null)
    {
        var builder = new GbnfGrammarBuilder();
        string rule = AddSchemaRule(builder, schema, "value", options);
        return builder.Build(rule);
    }

    /// <summary>Builds the grammar for <c>ResponseFormat = Json</c> without a schema: any JSON object.</summary>
    /// <param name="options">Bounds; <see cref="JsonGrammarOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The GBNF text.</returns>
    public static string CompileAnyObject(JsonGrammarOptions? options = null)
    {
        var builder = new GbnfGrammarBuilder();
        return builder.Build(AddAnyObjectRule(builder, options));
    }

    /// <summary>Adds the rules for <paramref name="schema"/> to <paramref name="builder"/>, to compose larger grammars (tool calls).</summary>
    /// <param name="builder">The grammar under construction.</param>
    /// <param name="schema">The JSON schema.</param>
    /// <param name="nameHint">A hint for the rule name.</param>
    /// <param name="options">Bounds; <see cref="JsonGrammarOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="context">Where the schema comes from, for error messages (e.g. <c>function 'get_weather'</c>).</param>
    /// <returns>The name of the rule matching one value of the schema.</returns>
    /// <exception cref="NotSupportedException">The schema uses an unsupported construct.</exception>
    public static string AddSchemaRule(GbnfGrammarBuilder builder, JsonElement schema, string nameHint, JsonGrammarOptions? options = null, string? context = null)
    {
        var session = new Session(builder, schema, options ?? JsonGrammarOptions.Default, context);
        string expression = session.Compile(schema, "#", nameHint);
        return IsRuleName(expression) ? expression : builder.Add(nameHint, expression);
    }

    /// <summary>Adds a rule matching any JSON object (nesting bounded by <see cref="JsonGrammarOptions.MaxAnyValueDepth"/>).</summary>
    /// <param name="builder">The grammar under construction.</param>
    /// <param name="options">Bounds; <see cref="JsonGrammarOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The rule name.</returns>
    public static string AddAnyObjectRule(GbnfGrammarBuilder builder, JsonGrammarOptions? options = null)
    {
        JsonGrammarOptions o = options ?? JsonGrammarOptions.Default;
        var session = new Session(builder, default, o, null);
        return session.AnyObject(Math.Max(1, o.MaxAnyValueDepth));
    }

    /// <summary>Adds (once) the bounded whitespace rule and returns its name.</summary>
    /// <param name="builder">The grammar under construction.</param>
    /// <param name="options">Bounds; <see cref="JsonGrammarOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The rule name.</returns>
    public static string AddWhitespaceRule(GbnfGrammarBuilder builder, JsonGrammarOptions? options = null) =>
        builder.GetOrAdd(Ws, GbnfGrammarBuilder.Repeat("[ \\t\\n]", 0, Math.Max(0, (options ?? JsonGrammarOptions.Default).MaxWhitespace)));

    /// <summary>Writes <paramref name="value"/> as compact JSON.</summary>
    /// <param name="value">A JSON value.</param>
    /// <returns>The JSON text without insignificant whitespace.</returns>
    public static string ToCompactJson(JsonElement value) => JsonSerializer.Serialize(value);

    /// <summary>Escapes a property name or token for a JSON pointer.</summary>
    /// <param name="token">The raw token.</param>
    /// <returns>The escaped token.</returns>
    public static string EscapePointerToken(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static bool IsRuleName(string expression) =>
        expression.Length > 0 && expression.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private sealed class Session(GbnfGrammarBuilder builder, JsonElement root, JsonGrammarOptions options, string? context)
    {
        private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);
        private readonly HashSet<string> _refsInProgress = new(StringComparer.Ordinal);

        public string Compile(JsonElement schema, string pointer, string hint)
        {
            if (schema.ValueKind == JsonValueKind.True)
            {
                return AnyValue(Math.Max(0, options.MaxAnyValueDepth));
            }

            if (schema.ValueKind == JsonValueKind.False)
            {
                throw Unsupported("false", pointer, "the schema 'false' matches no value");
            }

            if (schema.ValueKind != JsonValueKind.Object)
            {
                throw Unsupported(schema.ValueKind.ToString(), pointer, "a schema must be an object or a boolean");
            }

            foreach (JsonProperty keyword in schema.EnumerateObject())
            {
                if (!s_annotations.Contains(keyword.Name) && !IsHandled(keyword))
                {
                    throw Unsupported(keyword.Name, pointer + "/" + EscapePointerToken(keyword.Name), null);
                }
            }

            if (schema.TryGetProperty("$ref", out JsonElement reference))
            {
                RejectSiblings(schema, pointer, "$ref");
                return Reference(reference, pointer + "/$ref");
            }

            if (schema.TryGetProperty("const", out JsonElement constant))
            {
                return GbnfGrammarBuilder.Literal(ToCompactJson(constant));
            }

            if (schema.TryGetProperty("enum", out JsonElement values))
            {
                return Enumeration(schema, values, pointer + "/enum");
            }

            foreach (string combinator in (string[])["anyOf", "oneOf", "allOf"])
            {
                if (schema.TryGetProperty(combinator, out JsonElement branches))
                {
                    RejectSiblings(schema, pointer, combinator);
                    return Combination(combinator, branches, pointer + "/" + combinator, hint);
                }
            }

            if (schema.TryGetProperty("type", out JsonElement type))
            {
                if (type.ValueKind == JsonValueKind.String)
                {
                    return Typed(schema, type.GetString()!, pointer, hint);
                }

                if (type.ValueKind == JsonValueKind.Array && type.GetArrayLength() > 0)
                {
                    var alternatives = new List<string>();
                    foreach (JsonElement t in type.EnumerateArray())
                    {
                        if (t.ValueKind != JsonValueKind.String)
                        {
                            throw Unsupported("type", pointer + "/type", "type names must be strings");
                        }

                        alternatives.Add(Typed(schema, t.GetString()!, pointer, hint + "-" + t.GetString()));
                    }

                    return "(" + string.Join(" | ", alternatives) + ")";
                }

                throw Unsupported("type", pointer + "/type", "'type' must be a name or a non-empty array of names");
            }

            // No 'type': infer it from the keywords present.
            if (Has(schema, "properties", "required", "additionalProperties"))
            {
                return Typed(schema, "object", pointer, hint);
            }

            if (Has(schema, "items", "minItems", "maxItems"))
            {
                return Typed(schema, "array", pointer, hint);
            }

            if (Has(schema, "minLength", "maxLength", "format"))
            {
                return Typed(schema, "string", pointer, hint);
            }

            return AnyValue(Math.Max(0, options.MaxAnyValueDepth));
        }

        public string AnyObject(int depth)
        {
            string name = "any-object-" + depth.ToString(CultureInfo.InvariantCulture);
            if (!builder.Contains(name))
            {
                string ws = AddWhitespaceRule(builder, options);
                string member = JsonString(0, options.MaxStringLength) + " " + ws + " \":\" " + ws + " " + AnyValue(depth - 1);
                builder.GetOrAdd(name, Sequence("{", member, 0, options.MaxArrayItems, "}"));
            }

            return name;
        }

        private string AnyValue(int depth)
        {
            string name = "any-value-" + depth.ToString(CultureInfo.InvariantCulture);
            if (!builder.Contains(name))
            {
                var alternatives = new List<string> { JsonString(0, options.MaxStringLength), Number(), Boolean(), "\"null\"" };
                if (depth > 0)
                {
                    alternatives.Insert(0, AnyObject(depth));
                    string items = Sequence("[", AnyValue(depth - 1), 0, options.MaxArrayItems, "]");
                    alternatives.Insert(1, builder.GetOrAdd("any-array-" + depth.ToString(CultureInfo.InvariantCulture), items));
                }

                builder.GetOrAdd(name, string.Join(" | ", alternatives));
            }

            return name;
        }

        private static bool IsHandled(JsonProperty keyword) => keyword.Name switch
        {
            "type" or "properties" or "required" or "additionalProperties" or "items" or "minItems" or "maxItems"
                or "enum" or "const" or "minLength" or "maxLength" or "format" or "$ref" or "anyOf" or "oneOf" or "allOf" => true,
            "uniqueItems" => keyword.Value.ValueKind == JsonValueKind.False,
            _ => false,
        };

        private static bool Has(JsonElement schema, params ReadOnlySpan<string> keywords)
        {
            foreach (string keyword in keywords)
            {
                if (schema.TryGetProperty(keyword, out _))
                {
                    return true;
                }
            }

            return false;
        }

        private void RejectSiblings(JsonElement schema, string pointer, string keyword)
        {
            foreach (JsonProperty sibling in schema.EnumerateObject())
            {
                if (sibling.Name != keyword && !s_annotations.Contains(sibling.Name) && sibling.Name != "type")
                {
                    throw Unsupported(sibling.Name, pointer + "/" + EscapePointerToken(sibling.Name), $"it cannot be combined with '{keyword}'");
                }
            }
        }

        private string Typed(JsonElement schema, string type, string pointer, string hint) => type switch
        {
            "null" => "\"null\"",
            "boolean" => Boolean(),
            "integer" => Integer(),
            "number" => Number(),
            "string" => StringValue(schema, pointer),
            "object" => ObjectValue(schema, pointer, hint),
            "array" => ArrayValue(schema, pointer, hint),
            _ => throw Unsupported("type", pointer + "/type", $"unknown type '{type}'"),
        };

        private string Reference(JsonElement reference, string pointer)
        {
            string target = reference.ValueKind == JsonValueKind.String ? reference.GetString()! : string.Empty;
            if (!target.StartsWith('#'))
            {
                throw Unsupported("$ref", pointer, $"only local references ('#/$defs/…') are supported, not '{target}'");
            }

            if (_refRules.TryGetValue(target, out string? rule))
            {
                return rule;
            }

            if (!_refsInProgress.Add(target))
            {
                throw Unsupported("$ref", pointer, $"the reference '{target}' is recursive");
            }

            JsonElement resolved = Resolve(target, pointer);
            string name = builder.Reserve("ref-" + target.TrimStart('#', '/'));
            string body = Compile(resolved, target, name);
            builder.Define(name, body);
            _refsInProgress.Remove(target);
            _refRules[target] = name;
            return name;
        }

        private JsonElement Resolve(string target, string pointer)
        {
            JsonElement current = root;
            foreach (string raw in target.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                string token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out JsonElement next))
                {
                    current = next;
                }
                else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < current.GetArrayLength())
                {
                    current = current[index];
                }
                else
                {
                    throw Unsupported("$ref", pointer, $"the reference '{target}' does not resolve");
                }
            }

            return current;
        }

        private string Enumeration(JsonElement schema, JsonElement values, string pointer)
        {
            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            {
                throw Unsupported("enum", pointer, "'enum' must be a non-empty array");
            }

            var literals = new List<string>();
            foreach (JsonElement value in values.EnumerateArray())
            {
                if (!schema.TryGetProperty("type", out JsonElement type) || JsonSchemaValidator.MatchesType(value, type))
                {
                    literals.Add(GbnfGrammarBuilder.Literal(ToCompactJson(value)));
                }
            }

            if (literals.Count == 0)
            {
                throw Unsupported("enum", pointer, "no value of 'enum' has the schema's 'type'");
            }

            return "(" + string.Join(" | ", literals.Distinct(StringComparer.Ordinal)) + ")";
        }

        private string Combination(string combinator, JsonElement branches, string pointer, string hint)
        {
            if (branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0)
            {
                throw Unsupported(combinator, pointer, $"'{combinator}' must be a non-empty array");
            }

            if (combinator == "allOf")
            {
                if (branches.GetArrayLength() != 1)
                {
                    throw Unsupported(combinator, pointer, "only an 'allOf' of exactly one schema is supported");
                }

                return Compile(branches[0], pointer + "/0", hint);
            }

            var alternatives = new List<string>();
            int i = 0;
            foreach (JsonElement branch in branches.EnumerateArray())
            {
                string index = i.ToString(CultureInfo.InvariantCulture);
                alternatives.Add(Compile(branch, pointer + "/" + index, hint + "-" + index));
                i++;
            }

            return "(" + string.Join(" | ", alternatives) + ")";
        }

        private string StringValue(JsonElement schema, string pointer)
        {
            if (schema.TryGetProperty("format", out JsonElement format))
            {
                string? name = format.ValueKind == JsonValueKind.String ? format.GetString() : null;
                if (name is not null && EnforcedFormats.Contains(name))
                {
                    return FormatRule(name);
                }

                if (name is null || !s_annotationFormats.Contains(name))
                {
                    throw Unsupported("format", pointer + "/format", $"the format '{name}' cannot be enforced by a grammar");
                }
            }

            int min = ReadCount(schema, "minLength", pointer) ?? 0;
            int? max = ReadCount(schema, "maxLength", pointer) ?? (options.MaxStringLength is int bound ? Math.Max(bound, min) : null);
            if (max < min)
            {
                throw Unsupported("maxLength", pointer + "/maxLength", "'maxLength' is below 'minLength'");
            }

            return JsonString(min, max);
        }

        private string ObjectValue(JsonElement schema, string pointer, string hint)
        {
            bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties);
            if (hasProperties && properties.ValueKind != JsonValueKind.Object)
            {
                throw Unsupported("properties", pointer + "/properties", "'properties' must be an object");
            }

            var required = new HashSet<string>(StringComparer.Ordinal);
            if (schema.TryGetProperty("required", out JsonElement requiredNames))
            {
                foreach (JsonElement name in requiredNames.EnumerateArray())
                {
                    string n = name.GetString() ?? string.Empty;
                    if (!hasProperties || !properties.TryGetProperty(n, out _))
                    {
                        throw Unsupported("required", pointer + "/required", $"the required property '{n}' is not declared in 'properties'");
                    }

                    required.Add(n);
                }
            }

            schema.TryGetProperty("additionalProperties", out JsonElement additional);
            bool closed = additional.ValueKind == JsonValueKind.False;
            string ws = AddWhitespaceRule(builder, options);

            if (!hasProperties || !properties.EnumerateObject().Any())
            {
                if (closed || hasProperties)
                {
                    return "\"{\" " + ws + " \"}\"";
                }

                if (additional.ValueKind == JsonValueKind.Object)
                {
                    // A dictionary: string keys, values of one schema.
                    string value = Compile(additional, pointer + "/additionalProperties", hint + "-value");
                    string member = JsonString(0, options.MaxStringLength) + " " + ws + " \":\" " + ws + " " + value;
                    return builder.Add(hint + "-map", Sequence("{", member, 0, options.MaxArrayItems, "}"));
                }

                return AnyObject(Math.Max(1, options.MaxAnyValueDepth));
            }

            // Members in declared order. tail(i, first) = the members from i on, 'first' when none was written yet.
            var members = new List<(string Member, bool Required)>();
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                string valuePointer = pointer + "/properties/" + EscapePointerToken(property.Name);
                string value = Compile(property.Value, valuePointer, hint + "-" + property.Name);
                string key = GbnfGrammarBuilder.Literal(JsonSerializer.Serialize(property.Name));
                members.Add((key + " " + ws + " \":\" " + ws + " " + value, required.Contains(property.Name)));
            }

            string objectName = builder.Reserve(hint);
            var tails = new Dictionary<(int, bool), string>();

            // The members from index i on; 'first' when none was written yet (so no comma is due). Rules are made on demand.
            string Tail(int i, bool first)
            {
                if (i == members.Count)
                {
                    return string.Empty;
                }

                if (tails.TryGetValue((i, first), out string? existing))
                {
                    return existing;
                }

                (string member, bool isRequired) = members[i];
                string written = ((first ? string.Empty : ws + " \",\" " + ws + " ") + member + " " + Tail(i + 1, false)).TrimEnd();
                string body = isRequired ? written
                    : first ? "(" + written + (i + 1 == members.Count ? ")?" : " | " + Tail(i + 1, true) + ")")
                    : ("(" + (ws + " \",\" " + ws + " " + member) + ")? " + Tail(i + 1, false)).TrimEnd();
                string name = builder.Add(objectName + "-" + i.ToString(CultureInfo.InvariantCulture) + (first ? "-a" : "-b"), body);
                tails[(i, first)] = name;
                return name;
            }

            builder.Define(objectName, "\"{\" " + ws + " " + Tail(0, true) + " " + ws + " \"}\"");
            return objectName;
        }

        private string ArrayValue(JsonElement schema, string pointer, string hint)
        {
            int min = ReadCount(schema, "minItems", pointer) ?? 0;
            int? max = ReadCount(schema, "maxItems", pointer) ?? (options.MaxArrayItems is int bound ? Math.Max(bound, min) : null);
            if (max < min)
            {
                throw Unsupported("maxItems", pointer + "/maxItems", "'maxItems' is below 'minItems'");
            }

            string item;
            if (max == 0)
            {
                item = "\"\"";
            }
            else if (schema.TryGetProperty("items", out JsonElement items))
            {
                if (items.ValueKind == JsonValueKind.Array)
                {
                    throw Unsupported("items", pointer + "/items", "tuple 'items' arrays are not supported");
                }

                item = Compile(items, pointer + "/items", hint + "-item");
            }
            else
            {
                item = AnyValue(Math.Max(0, options.MaxAnyValueDepth - 1));
            }

            return builder.Add(hint + "-array", Sequence("[", item, min, max, "]"));
        }

        // open ws (item (ws "," ws item){min-1,max-1})? ws close
        private string Sequence(string open, string item, int min, int? max, string close)
        {
            string ws = AddWhitespaceRule(builder, options);
            string body;
            if (max == 0)
            {
                body = "\"\"";
            }
            else
            {
                string more = GbnfGrammarBuilder.Repeat(ws + " \",\" " + ws + " " + item, Math.Max(0, min - 1), max - 1);
                body = min == 0 ? "(" + item + " " + more + ")?" : item + " " + more;
            }

            return GbnfGrammarBuilder.Literal(open) + " " + ws + " " + body + " " + ws + " " + GbnfGrammarBuilder.Literal(close);
        }

        private int? ReadCount(JsonElement schema, string keyword, string pointer)
        {
            if (!schema.TryGetProperty(keyword, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int count) || count < 0)
            {
                throw Unsupported(keyword, pointer + "/" + keyword, $"'{keyword}' must be a non-negative integer");
            }

            return count;
        }

        private string JsonString(int min, int? max)
        {
            builder.GetOrAdd("hex", "[0-9a-fA-F]");
            // \u escapes exclude the surrogate range, so every escape decodes to one valid character.
            builder.GetOrAdd("json-char", "[^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" ([0-9a-cA-CefEF] hex hex hex | [dD] [0-7] hex hex))");
            string name = "string-" + min.ToString(CultureInfo.InvariantCulture) + "-" + (max?.ToString(CultureInfo.InvariantCulture) ?? "n");
            return builder.GetOrAdd(name, "\"\\\"\" " + GbnfGrammarBuilder.Repeat("json-char", min, max) + " \"\\\"\"");
        }

        private string Boolean() => builder.GetOrAdd("boolean", "\"true\" | \"false\"");

        private string Integer()
        {
            string digits = GbnfGrammarBuilder.Repeat("[0-9]", 0, Math.Max(0, options.MaxIntegerDigits - 1));
            return builder.GetOrAdd("integer", "\"-\"? (\"0\" | [1-9] " + digits + ")");
        }

        private string Number()
        {
            string fraction = GbnfGrammarBuilder.Repeat("[0-9]", 1, Math.Max(1, options.MaxFractionDigits));
            return builder.GetOrAdd("number", Integer() + " (\".\" " + fraction + ")?");
        }

        private string FormatRule(string format)
        {
            builder.GetOrAdd("hex", "[0-9a-fA-F]");
            string date = builder.GetOrAdd(
                "date-body",
                "[1-9] [0-9] [0-9] [0-9] \"-\" (\"0\" [13578] \"-\" day31 | \"1\" [02] \"-\" day31 | \"0\" [469] \"-\" day30 | \"11-\" day30 | \"02-\" day28)");
            builder.GetOrAdd("day28", "\"0\" [1-9] | \"1\" [0-9] | \"2\" [0-8]");
            builder.GetOrAdd("day30", "day28 | \"29\" | \"30\"");
            builder.GetOrAdd("day31", "day30 | \"31\"");
            string time = builder.GetOrAdd(
                "time-body",
                "([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] (\".\" [0-9] [0-9]? [0-9]?)? (\"Z\" | [+-] ([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9])");
            string body = format switch
            {
                "date" => date,
                "time" => time,
                "date-time" => date + " \"T\" " + time,
                _ => "hex{8} \"-\" hex{4} \"-\" hex{4} \"-\" hex{4} \"-\" hex{12}",
            };
            return builder.GetOrAdd("format-" + format, "\"\\\"\" " + body + " \"\\\"\"");
        }

        private NotSupportedException Unsupported(string construct, string pointer, string? reason) =>
            new($"The JSON schema construct '{construct}' at '{pointer}'{(context is null ? string.Empty : " of " + context)} is not supported by grammar-constrained decoding" +
                (reason is null ? "." : ": " + reason + "."));
    }
}
