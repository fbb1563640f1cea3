// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.IO;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// Validates a GGUF model file in managed code before it is handed to llama.cpp: magic, version, header counts, every
/// metadata entry and tensor descriptor, the file length against the tensor data, and the architecture.
/// </summary>
/// <remarks>
/// llama.cpp may abort the process on some malformed files; checking first turns those into an
/// <see cref="InvalidModelFileException"/> that names the file. Validation reads only the header (a few megabytes at
/// most), never the tensor data. The type is thread-safe.
/// </remarks>
public static class GgufModelValidator
{
    private const uint GgufMagic = 0x46554747; // "GGUF" read little-endian
    private const ulong MaxTensorCount = 1UL << 20;
    private const ulong MaxMetadataCount = 1UL << 20;
    private const ulong MaxKeyLength = 64 * 1024;
    private const ulong MaxStringLength = 64UL * 1024 * 1024;
    private const int MaxDimensions = 4;
    private const int MaxNesting = 4;

    // (block size in elements, bytes per block) per ggml_type id; ids with no entry are unknown or removed.
    private static readonly FrozenDictionary<uint, (int BlockSize, int TypeSize)> s_tensorTypes = new Dictionary<uint, (int, int)>
    {
        [0] = (1, 4), [1] = (1, 2), [2] = (32, 18), [3] = (32, 20), [6] = (32, 22), [7] = (32, 24), [8] = (32, 34),
        [9] = (32, 36), [10] = (256, 84), [11] = (256, 110), [12] = (256, 144), [13] = (256, 176), [14] = (256, 210),
        [15] = (256, 292), [16] = (256, 66), [17] = (256, 74), [18] = (256, 98), [19] = (256, 50), [20] = (32, 18),
        [21] = (256, 110), [22] = (256, 82), [23] = (256, 136), [24] = (1, 1), [25] = (1, 2), [26] = (1, 4),
        [27] = (1, 8), [28] = (1, 8), [29] = (256, 56), [30] = (1, 2), [34] = (256, 54), [35] = (256, 66),
        [39] = (32, 17),
    }.ToFrozenDictionary();

    /// <summary>Gets the model architectures (<c>general.architecture</c>) the bundled llama.cpp loads for text generation.</summary>
    public static IReadOnlySet<string> SupportedArchitectures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "llama", "llama4", "deci", "mistral3", "falcon", "falcon-h1", "grok", "gpt2", "gptj", "gptneox", "mpt",
        "baichuan", "starcoder", "starcoder2", "refact", "bloom", "stablelm", "qwen", "qwen2", "qwen2moe", "qwen2vl",
        "qwen3", "qwen3moe", "qwen3next", "qwen3vl", "qwen3vlmoe", "phi2", "phi3", "phimoe", "plamo", "plamo2",
        "codeshell", "orion", "internlm2", "minicpm", "minicpm3", "gemma", "gemma2", "gemma3", "gemma3n", "mamba",
        "mamba2", "jamba", "xverse", "command-r", "cohere2", "dbrx", "olmo", "olmo2", "olmoe", "openelm", "arctic",
        "deepseek", "deepseek2", "chatglm", "glm4", "glm4moe", "bitnet", "t5", "jais", "nemotron", "nemotron_h",
        "exaone", "exaone4", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7", "granite", "granitemoe", "granitehybrid",
        "chameleon", "plm", "bailingmoe", "bailingmoe2", "dots1", "arcee", "ernie4_5", "ernie4_5-moe", "hunyuan-moe",
        "hunyuan-dense", "smollm3", "gpt-oss", "lfm2", "lfm2moe", "smallthinker", "seed_oss", "grovemoe", "apertus",
        "minimax-m2", "afmoe",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Validates a GGUF model file and returns what its header says.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The header's summary.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelFileException">The file is not GGUF, is truncated or malformed, or has an unsupported architecture.</exception>
    public static GgufModelInfo Validate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The model file '{fullPath}' does not exist.", fullPath);
        }

        try
        {
            using var reader = new GgufReader(fullPath);
            return Read(reader, fullPath);
        }
        catch (GgufFormatException e)
        {
            throw new InvalidModelFileException(fullPath, e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidModelFileException(fullPath, "the file cannot be read: " + e.Message, e);
        }
    }

    private static GgufModelInfo Read(GgufReader reader, string path)
    {
        if (reader.Length < 24)
        {
            throw new GgufFormatException($"the file is {reader.Length} bytes, shorter than a GGUF header");
        }

        if (reader.ReadUInt32() != GgufMagic)
        {
            throw new GgufFormatException("it is not a GGUF file (the magic bytes are not 'GGUF')");
        }

        uint version = reader.ReadUInt32();
        if (version is not (2 or 3))
        {
            throw new GgufFormatException($"GGUF version {version} is not supported (expected 2 or 3)");
        }

        ulong tensorCount = reader.ReadUInt64();
        ulong metadataCount = reader.ReadUInt64();
        if (tensorCount > MaxTensorCount || metadataCount > MaxMetadataCount || (tensorCount + metadataCount) * 8 > (ulong)reader.Length)
        {
            throw new GgufFormatException($"the header counts are not plausible ({tensorCount} tensors, {metadataCount} metadata entries in {reader.Length} bytes)");
        }

        string? architecture = null, name = null, chatTemplate = null;
        var integers = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (ulong i = 0; i < metadataCount; i++)
        {
            string key = reader.ReadString(MaxKeyLength);
            uint type = reader.ReadUInt32();
            switch (key)
            {
                case "general.architecture" when type == 8:
                    architecture = reader.ReadString(MaxKeyLength);
                    break;
                case "general.name" when type == 8:
                    name = reader.ReadString(MaxStringLength);
                    break;
                case "tokenizer.chat_template" when type == 8:
                    chatTemplate = reader.ReadString(MaxStringLength);
                    break;
                default:
                    if (type is 4 or 5)
                    {
                        integers[key] = reader.ReadUInt32();
                    }
                    else if (type is 10 or 11)
                    {
                        integers[key] = reader.ReadUInt64();
                    }
                    else
                    {
                        SkipValue(reader, type, depth: 0);
                    }

                    break;
            }
        }

        if (string.IsNullOrEmpty(architecture))
        {
            throw new GgufFormatException("the metadata has no 'general.architecture'");
        }

        if (!SupportedArchitectures.Contains(architecture))
        {
            throw new GgufFormatException($"the architecture '{architecture}' is not supported by the bundled llama.cpp");
        }

        ulong alignment = integers.TryGetValue("general.alignment", out ulong a) ? a : 32;
        if (alignment == 0 || alignment > 1 << 20 || (alignment & (alignment - 1)) != 0)
        {
            throw new GgufFormatException($"the alignment {alignment} is not a power of two");
        }

        ulong dataEnd = 0;
        for (ulong i = 0; i < tensorCount; i++)
        {
            string tensorName = reader.ReadString(MaxKeyLength);
            uint dimensions = reader.ReadUInt32();
            if (dimensions is 0 or > MaxDimensions)
            {
                throw new GgufFormatException($"tensor '{tensorName}' has {dimensions} dimensions");
            }

            ulong elements = 1;
            for (uint d = 0; d < dimensions; d++)
            {
                ulong size = reader.ReadUInt64();
                elements = size == 0 || elements > long.MaxValue / size
                    ? throw new GgufFormatException($"tensor '{tensorName}' has an invalid shape")
                    : elements * size;
            }

            uint tensorType = reader.ReadUInt32();
            ulong offset = reader.ReadUInt64();
            if (offset % alignment != 0)
            {
                throw new GgufFormatException($"tensor '{tensorName}' is not aligned to {alignment} bytes");
            }

            ulong bytes = 0;
            if (s_tensorTypes.TryGetValue(tensorType, out (int BlockSize, int TypeSize) layout))
            {
                if (elements % (ulong)layout.BlockSize != 0)
                {
                    throw new GgufFormatException($"tensor '{tensorName}' has {elements} elements, not a multiple of its block size {layout.BlockSize}");
                }

                bytes = elements / (ulong)layout.BlockSize * (ulong)layout.TypeSize;
            }

            dataEnd = Math.Max(dataEnd, checked(offset + bytes));
        }

        ulong dataStart = ((ulong)reader.Position + alignment - 1) / alignment * alignment;
        ulong required = dataStart + dataEnd;
        if ((ulong)reader.Length < required)
        {
            throw new GgufFormatException($"the file is truncated: it is {reader.Length} bytes, its tensors need {required}");
        }

        int? contextLength = integers.TryGetValue(architecture + ".context_length", out ulong c) && c <= int.MaxValue ? (int)c : null;
        return new GgufModelInfo(path, reader.Length, version, (long)tensorCount, (long)metadataCount, architecture, name, contextLength, chatTemplate);
    }

    private static void SkipValue(GgufReader reader, uint type, int depth)
    {
        switch (type)
        {
            case 0 or 1 or 7:
                reader.Skip(1);
                break;
            case 2 or 3:
                reader.Skip(2);
                break;
            case 4 or 5 or 6:
                reader.Skip(4);
                break;
            case 10 or 11 or 12:
                reader.Skip(8);
                break;
            case 8:
                ulong length = reader.ReadUInt64();
                if (length > MaxStringLength)
                {
                    throw new GgufFormatException($"a metadata string of {length} bytes is too long");
                }

                reader.Skip(length);
                break;
            case 9:
                if (depth >= MaxNesting)
                {
                    throw new GgufFormatException("metadata arrays are nested too deeply");
                }

                uint elementType = reader.ReadUInt32();
                ulong count = reader.ReadUInt64();
                if (count > (ulong)reader.Remaining)
                {
                    throw new GgufFormatException($"a metadata array of {count} elements runs past the end of the file");
                }

                int fixedSize = elementType switch
                {
                    0 or 1 or 7 => 1,
                    2 or 3 => 2,
                    4 or 5 or 6 => 4,
                    10 or 11 or 12 => 8,
                    _ => 0,
                };
                if (fixedSize > 0)
                {
                    reader.Skip(checked(count * (ulong)fixedSize));
                }
                else
                {
                    for (ulong i = 0; i < count; i++)
                    {
                        SkipValue(reader, elementType, depth + 1);
                    }
                }

                break;
            default:
                throw new GgufFormatException($"unknown metadata value type {type}");
        }
    }
}
