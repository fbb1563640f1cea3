// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Rag.TestUtilities;

namespace Rag.Connectors.LlamaSharp.Tests.Models;

/// <summary>Writes damaged or modified copies of the tiny model for validation tests.</summary>
internal static class GgufTestFiles
{
    public static byte[] Original => File.ReadAllBytes(TinyModel.Path);

    public static string Write(TemporaryDirectory dir, string name, byte[] bytes)
    {
        string path = Path.Combine(dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Replaces the first occurrence of an ASCII string (same length) in the header.</summary>
    public static byte[] Patch(byte[] bytes, string find, string replace)
    {
        byte[] copy = (byte[])bytes.Clone();
        byte[] f = Encoding.ASCII.GetBytes(find);
        int at = copy.AsSpan().IndexOf(f);
        Assert.True(at >= 0, $"'{find}' not found in the model header");
        Encoding.ASCII.GetBytes(replace).CopyTo(copy, at);
        return copy;
    }

    /// <summary>Inserts a string metadata entry first, padded to a multiple of 32 bytes so the tensor data stays aligned.</summary>
    public static byte[] WithStringMetadata(byte[] bytes, string key, string value)
    {
        byte[] k = Encoding.UTF8.GetBytes(key);
        int fixedSize = 8 + k.Length + 4 + 8;
        int valueLength = Encoding.UTF8.GetByteCount(value);
        int padding = (32 - ((fixedSize + valueLength) % 32)) % 32;
        byte[] v = Encoding.UTF8.GetBytes(value + new string(' ', padding));

        using var stream = new MemoryStream();
        stream.Write(bytes, 0, 16); // magic, version, tensor count
        Span<byte> u64 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(u64, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)) + 1);
        stream.Write(u64);
        BinaryPrimitives.WriteUInt64LittleEndian(u64, (ulong)k.Length);
        stream.Write(u64);
        stream.Write(k);
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(u32, 8); // string
        stream.Write(u32);
        BinaryPrimitives.WriteUInt64LittleEndian(u64, (ulong)v.Length);
        stream.Write(u64);
        stream.Write(v);
        Assert.Equal(0, (stream.Length - 24) % 32);
        stream.Write(bytes, 24, bytes.Length - 24);
        return stream.ToArray();
    }
}
