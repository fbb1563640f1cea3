// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp.Tests.Grammars;

/// <summary>Schemas the compiler must accept, and schemas it must reject with the JSON pointer of the culprit.</summary>
internal static class SchemaSuite
{
    public static TheoryData<string, string> Supported => new()
    {
        { "string", """{"type":"string","maxLength":10}""" },
        { "string-min-max", """{"type":"string","minLength":2,"maxLength":5}""" },
        { "string-enum", """{"type":"string","enum":["red","green","blue"]}""" },
        { "mixed-enum", """{"enum":["a",1,true,null]}""" },
        { "const", """{"const":{"kind":"fixed","n":[1,2]}}""" },
        { "integer", """{"type":"integer"}""" },
        { "number", """{"type":"number"}""" },
        { "boolean", """{"type":"boolean"}""" },
        { "null", """{"type":"null"}""" },
        { "nullable-string", """{"type":["string","null"],"maxLength":6}""" },
        { "all-optional", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"null"}}}""" },
        { "mixed-required", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"integer"}},"required":["b"],"additionalProperties":false}""" },
        { "empty-object", """{"type":"object","properties":{},"additionalProperties":false}""" },
        { "nested", """{"type":"object","properties":{"inner":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]},"list":{"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":3}},"required":["inner","list"]}""" },
        { "array-exact", """{"type":"array","items":{"type":"boolean"},"minItems":2,"maxItems":2}""" },
        { "array-empty", """{"type":"array","items":{"type":"integer"},"maxItems":0}""" },
        { "defs-ref", """{"$defs":{"point":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}},"type":"object","properties":{"from":{"$ref":"#/$defs/point"},"to":{"$ref":"#/$defs/point"}},"required":["from","to"]}""" },
        { "definitions-ref", """{"definitions":{"flag":{"type":"boolean"}},"type":"array","items":{"$ref":"#/definitions/flag"},"maxItems":2}""" },
        { "any-of", """{"anyOf":[{"type":"string","maxLength":4},{"type":"integer"}]}""" },
        { "one-of-objects", """{"oneOf":[{"type":"object","properties":{"cat":{"type":"boolean"}},"required":["cat"]},{"type":"object","properties":{"dog":{"type":"integer"}},"required":["dog"]}]}""" },
        { "formats", """{"type":"object","properties":{"d":{"type":"string","format":"date"},"t":{"type":"string","format":"time"},"dt":{"type":"string","format":"date-time"},"id":{"type":"string","format":"uuid"},"site":{"type":"string","format":"uri","maxLength":8}},"required":["d","t","dt","id"]}""" },
        { "dictionary", """{"type":"object","additionalProperties":{"type":"integer"}}""" },
        { "free-object", """{"type":"object"}""" },
        { "anything", """{}""" },
        { "annotations", """{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"T","description":"D","type":"object","properties":{"q":{"type":"string","description":"the \"q\" / query","default":"x","maxLength":5}},"required":["q"]}""" },
        { "escaped-names", """{"type":"object","properties":{"a \"quoted\" key":{"type":"integer"},"back\\slash/é":{"type":"boolean"}},"required":["a \"quoted\" key","back\\slash/é"]}""" },
    };

    public static TheoryData<string, string, string> Rejected => new()
    {
        { """{"type":"string","pattern":"^[a-z]+$"}""", "pattern", "#/pattern" },
        { """{"type":"object","properties":{"code":{"type":"string","pattern":"x"}}}""", "pattern", "#/properties/code/pattern" },
        { """{"type":"string","format":"ipv4"}""", "format", "#/format" },
        { """{"type":"integer","minimum":3}""", "minimum", "#/minimum" },
        { """{"type":"number","multipleOf":2}""", "multipleOf", "#/multipleOf" },
        { """{"type":"object","patternProperties":{"^x":{"type":"integer"}}}""", "patternProperties", "#/patternProperties" },
        { """{"if":{"type":"string"},"then":{"maxLength":2}}""", "if", "#/if" },
        { """{"not":{"type":"string"}}""", "not", "#/not" },
        { """{"type":"array","prefixItems":[{"type":"integer"}]}""", "prefixItems", "#/prefixItems" },
        { """{"type":"array","items":[{"type":"integer"}]}""", "items", "#/items" },
        { """{"type":"array","items":{"type":"string"},"uniqueItems":true}""", "uniqueItems", "#/uniqueItems" },
        { """{"$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}}}},"$ref":"#/$defs/node"}""", "$ref", "#/$defs/node/properties/next/$ref" },
        { """{"$ref":"https://example.com/schema.json"}""", "$ref", "#/$ref" },
        { """{"$ref":"#/$defs/missing"}""", "$ref", "#/$ref" },
        { """{"allOf":[{"type":"object"},{"required":["a"]}]}""", "allOf", "#/allOf" },
        { """{"type":"object","properties":{"a":{"type":"integer"}},"required":["b"]}""", "required", "#/required" },
        { """{"type":"date"}""", "type", "#/type" },
        { """{"type":"object","properties":{"a/b":{"type":"string","x-custom":1}}}""", "x-custom", "#/properties/a~1b/x-custom" },
        { """{"anyOf":[{"type":"string"},{"type":"integer","maximum":4}]}""", "maximum", "#/anyOf/1/maximum" },
        { """{"type":"string","minLength":5,"maxLength":2}""", "maxLength", "#/maxLength" },
        { """{"type":"object","properties":{"never":false}}""", "false", "#/properties/never" },
    };
}
