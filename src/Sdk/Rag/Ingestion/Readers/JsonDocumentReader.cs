// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Ingestion.Readers;

/// <summary>
/// Reads JSON as flattened <c>path: value</c> lines, one block per top-level member or array element;
/// JSON Lines files (<c>.jsonl</c>, <c>.ndjson</c>) give one block per line with its line number.
/// </summary>
internal sealed class JsonDocumentReader : IDocumentReader
{
    private static readonly JsonDocumentOptions s_options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = InputShapeLimits.MaxNestingDepth };

    public IReadOnlyCollection<string> Extensions { get; } = [".json", ".jsonl", ".ndjson", ".geojson"];

    public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        DecodedText decoded = await TextDecoder.ReadAllTextAsync(content, fileName, cancellationToken);
        string text = decoded.Text;
        var blocks = new List<DocumentBlock>();
        try
        {
            if (fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
            {
                int lineNumber = 0;
                foreach (string line in text.Split('\n'))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    lineNumber++;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    using JsonDocument json = JsonDocument.Parse(line, s_options);
                    AddBlock(blocks, json.RootElement, string.Empty, lineNumber);
                }
            }
            else
            {
                using JsonDocument json = JsonDocument.Parse(text, s_options);
                JsonElement root = json.RootElement;
                switch (root.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (JsonProperty property in root.EnumerateObject())
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            AddBlock(blocks, property.Value, property.Name, null);
                        }

                        break;
                    case JsonValueKind.Array:
                        int index = 0;
                        foreach (JsonElement item in root.EnumerateArray())
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            AddBlock(blocks, item, string.Create(CultureInfo.InvariantCulture, $"[{index++}]"), null);
                        }

                        break;
                    default:
                        AddBlock(blocks, root, string.Empty, null);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{fileName}' is not valid JSON: {ex.Message}", ex);
        }

        return new ExtractedDocument { Title = Path.GetFileNameWithoutExtension(fileName), Blocks = blocks, Warnings = decoded.Warnings };
    }

    private static void AddBlock(List<DocumentBlock> blocks, JsonElement element, string path, int? line)
    {
        var builder = new StringBuilder();
        Flatten(element, path, builder);
        string text = builder.ToString().TrimEnd('\n');
        if (text.Length > 0)
        {
            blocks.Add(new DocumentBlock { Text = text, Kind = DocumentBlockKind.Code, StartLine = line, EndLine = line });
        }
    }

    private static void Flatten(JsonElement element, string path, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : string.Concat(path, ".", property.Name), builder);
                }

                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Flatten(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), builder);
                }

                break;
            case JsonValueKind.String:
                AppendLine(builder, path, element.GetString()!.Replace('\n', ' '));
                break;
            case JsonValueKind.Null:
                break;
            default:
                AppendLine(builder, path, element.GetRawText());
                break;
        }
    }

    private static void AppendLine(StringBuilder builder, string path, string value)
    {
        if (path.Length > 0)
        {
            builder.Append(path).Append(": ");
        }

        builder.Append(value).Append('\n');
    }
}
