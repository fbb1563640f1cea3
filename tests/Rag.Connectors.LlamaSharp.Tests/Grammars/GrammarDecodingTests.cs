// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;
using Rag.Connectors.LlamaSharp.Grammars;

namespace Rag.Connectors.LlamaSharp.Tests.Grammars;

public sealed class GrammarDecodingTests(GrammarDecodingModel model, ITestOutputHelper output) : IClassFixture<GrammarDecodingModel>
{
    private const string PersonSchema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "maxLength": 12 },
            "age": { "type": "integer" },
            "height": { "type": "number" },
            "member": { "type": "boolean" },
            "role": { "enum": ["admin", "user", "guest"] },
            "nickname": { "type": ["string", "null"], "maxLength": 8 },
            "tags": { "type": "array", "items": { "type": "string", "maxLength": 6 }, "maxItems": 3 },
            "address": { "$ref": "#/$defs/address" }
          },
          "required": ["name", "age", "role", "address"],
          "additionalProperties": false,
          "$defs": {
            "address": {
              "type": "object",
              "properties": { "city": { "type": "string", "maxLength": 10 }, "zip": { "type": "integer" } },
              "required": ["city"]
            }
          }
        }
        """;

    [Fact]
    public async Task GenerateAsync_UnderSchemaGrammar_TwentySeedsAllParseAndValidate()
    {
        // Arrange
        using var document = JsonDocument.Parse(PersonSchema);
        string gbnf = JsonSchemaGrammarCompiler.Compile(document.RootElement, new JsonGrammarOptions { MaxWhitespace = 1 });
        var watch = Stopwatch.StartNew();
        var invalid = new List<string>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        int omittedSome = 0;
        int writtenSome = 0;
        string[] optional = ["height", "member", "nickname", "tags"];

        // Act
        for (uint seed = 1; seed <= 20; seed++)
        {
            Generation generation = await model.GenerateAsync("Once upon a time", gbnf, seed, maxTokens: 400, TestContext.Current.CancellationToken);
            distinct.Add(generation.Text);
            output.WriteLine($"seed {seed} ({generation.Tokens} tokens): {generation.Text}");
            if (!generation.Completed)
            {
                invalid.Add($"seed {seed}: truncated at {generation.Tokens} tokens");
                continue;
            }

            try
            {
                using var result = JsonDocument.Parse(generation.Text);
                IReadOnlyList<string> errors = JsonSchemaValidator.Validate(document.RootElement, result.RootElement);
                invalid.AddRange(errors.Select(e => $"seed {seed}: {e}"));
                int present = optional.Count(p => result.RootElement.TryGetProperty(p, out _));
                omittedSome += present < optional.Length ? 1 : 0;
                writtenSome += present > 0 ? 1 : 0;
            }
            catch (JsonException ex)
            {
                invalid.Add($"seed {seed}: not JSON: {ex.Message}");
            }
        }

        output.WriteLine($"20 generations in {watch.ElapsedMilliseconds} ms");

        // Assert
        Assert.Empty(invalid);
        Assert.True(distinct.Count > 1, "Different seeds should give different outputs.");
        Assert.True(omittedSome > 0 && writtenSome > 0, "Optional properties should be sometimes written, sometimes left out.");
    }

    public static TheoryData<string, string> Suite => SchemaSuite.Supported;

    [Theory]
    [MemberData(nameof(Suite))]
    public async Task GenerateAsync_EverySupportedSchema_LlamaCppAcceptsGrammarAndOutputsValidate(string name, string schema)
    {
        // Arrange
        using var document = JsonDocument.Parse(schema);
        var options = new JsonGrammarOptions { MaxWhitespace = 1, MaxStringLength = 8, MaxArrayItems = 3, MaxAnyValueDepth = 2 };
        string gbnf = JsonSchemaGrammarCompiler.Compile(document.RootElement, options);

        for (uint seed = 1; seed <= 3; seed++)
        {
            // Act
            Generation generation = await model.GenerateAsync("Tim", gbnf, seed, maxTokens: 300, TestContext.Current.CancellationToken);

            // Assert
            Assert.True(generation.Completed, $"{name} seed {seed}: truncated: {generation.Text}");
            using var result = JsonDocument.Parse(generation.Text);
            IReadOnlyList<string> errors = JsonSchemaValidator.Validate(document.RootElement, result.RootElement);
            Assert.True(errors.Count == 0, $"{name} seed {seed}: {generation.Text}\n{string.Join("\n", errors)}");
        }
    }
}
