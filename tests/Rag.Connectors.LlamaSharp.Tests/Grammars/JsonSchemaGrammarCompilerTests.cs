// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Grammars;

namespace Rag.Connectors.LlamaSharp.Tests.Grammars;

public sealed class JsonSchemaGrammarCompilerTests
{
    public static TheoryData<string, string> Supported => SchemaSuite.Supported;

    public static TheoryData<string, string, string> Rejected => SchemaSuite.Rejected;

    [Theory]
    [MemberData(nameof(Supported))]
    public void Compile_SupportedSchema_ProducesWellFormedGrammar(string name, string schema)
    {
        using var document = JsonDocument.Parse(schema);

        string gbnf = JsonSchemaGrammarCompiler.Compile(document.RootElement);

        Assert.StartsWith("root ::= ", gbnf, StringComparison.Ordinal);
        Assert.True(GbnfLint.Check(gbnf) is { Count: 0 }, name + ":\n" + string.Join("\n", GbnfLint.Check(gbnf)) + "\n" + gbnf);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Compile_UnsupportedConstruct_ThrowsNamingThePointer(string schema, string construct, string pointer)
    {
        using var document = JsonDocument.Parse(schema);

        NotSupportedException exception = Assert.Throws<NotSupportedException>(() => JsonSchemaGrammarCompiler.Compile(document.RootElement));

        Assert.Contains($"'{construct}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"at '{pointer}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_AllPropertiesRequired_LeavesNothingOptional()
    {
        using var document = JsonDocument.Parse("""{"type":"object","properties":{"first":{"type":"boolean"},"second":{"type":"boolean"}},"required":["first","second"]}""");

        string gbnf = JsonSchemaGrammarCompiler.Compile(document.RootElement);

        string[] objectRules = [.. gbnf.Split('\n').Where(l => l.StartsWith("value", StringComparison.Ordinal))];
        Assert.NotEmpty(objectRules);
        Assert.All(objectRules, rule => Assert.DoesNotContain(")?", rule, StringComparison.Ordinal));
        string firstRule = objectRules.Single(l => l.Contains("first", StringComparison.Ordinal));
        string next = firstRule.Split(' ')[^1];
        Assert.Contains("second", objectRules.Single(l => l.StartsWith(next + " ::= ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Whitespace_IsBoundedByOptions()
    {
        using var document = JsonDocument.Parse("""{"type":"array","items":{"type":"integer"}}""");

        string gbnf = JsonSchemaGrammarCompiler.Compile(document.RootElement, new JsonGrammarOptions { MaxWhitespace = 3 });

        Assert.Contains("ws ::= ([ \\t\\n]){0,3}", gbnf, StringComparison.Ordinal);
        Assert.DoesNotContain("]*", gbnf.Split('\n').Single(l => l.StartsWith("ws ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_FreeStringWithDefaultBound_UsesTheBound()
    {
        using var document = JsonDocument.Parse("""{"type":"string"}""");

        string bounded = JsonSchemaGrammarCompiler.Compile(document.RootElement, new JsonGrammarOptions { MaxStringLength = 7 });
        string unbounded = JsonSchemaGrammarCompiler.Compile(document.RootElement);

        Assert.Contains("(json-char){0,7}", bounded, StringComparison.Ordinal);
        Assert.Contains("(json-char)*", unbounded, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SharedDefinition_IsCompiledOnce()
    {
        using var document = JsonDocument.Parse("""{"$defs":{"p":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}},"type":"array","items":{"anyOf":[{"$ref":"#/$defs/p"},{"$ref":"#/$defs/p"}]}}""");

        string gbnf = JsonSchemaGrammarCompiler.Compile(document.RootElement);

        Assert.Single(gbnf.Split('\n'), l => l.StartsWith("ref-", StringComparison.Ordinal) && l.Contains("\"{\"", StringComparison.Ordinal));
    }

    [Fact]
    public void CompileAnyObject_ProducesWellFormedDepthBoundedGrammar()
    {
        string gbnf = JsonSchemaGrammarCompiler.CompileAnyObject(new JsonGrammarOptions { MaxAnyValueDepth = 2 });

        Assert.Empty(GbnfLint.Check(gbnf));
        Assert.Contains("any-value-0 ::=", gbnf, StringComparison.Ordinal);
        Assert.DoesNotContain("any-value-0 ::= any-object", gbnf, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SchemaExportedByMicrosoftExtensionsAI_IsSupported()
    {
        JsonElement schema = AIJsonUtilities.CreateJsonSchema(typeof(Order));

        string gbnf = JsonSchemaGrammarCompiler.Compile(schema);

        Assert.Empty(GbnfLint.Check(gbnf));
    }

    [Fact]
    public void AddSchemaRule_WithContext_NamesTheContextInErrors()
    {
        using var document = JsonDocument.Parse("""{"type":"object","properties":{"q":{"type":"string","pattern":"x"}}}""");

        NotSupportedException exception = Assert.Throws<NotSupportedException>(() =>
            JsonSchemaGrammarCompiler.AddSchemaRule(new GbnfGrammarBuilder(), document.RootElement, "args", null, "function 'search' parameters"));

        Assert.Contains("function 'search' parameters", exception.Message, StringComparison.Ordinal);
        Assert.Contains("#/properties/q/pattern", exception.Message, StringComparison.Ordinal);
    }

    internal enum Priority
    {
        Low,
        High,
    }

    internal sealed record Line(string Sku, int Quantity);

    internal sealed record Order(string Customer, Priority Priority, Line[] Lines, bool? Express, Guid Id, DateTimeOffset Placed);
}
