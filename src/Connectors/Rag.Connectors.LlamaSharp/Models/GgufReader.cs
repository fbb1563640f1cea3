// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Rag.Connectors.LlamaSharp;

/// <summary>A bounds-checked little-endian reader over a GGUF file: every read fails cleanly at the end of the file.</summary>
internal sealed class GgufReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _bufferOffset;
    private int _bufferCount;
    private long _bufferStart;

    public GgufReader(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        Length = _stream.Length;
    }

    public long Length { get; }

    public long Position => _bufferStart + _bufferOffset;

    public long Remaining => Length - Position;

    public byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public uint ReadUInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        Read(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public ulong ReadUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        Read(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public string ReadString(ulong maxLength)
    {
        ulong length = ReadUInt64();
        if (length > maxLength || length > (ulong)Remaining)
        {
            throw new GgufFormatException($"a string of {length} bytes at offset {Position - 8} runs past its limit");
        }

        byte[] bytes = new byte[(int)length];
        Read(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public void Skip(ulong count)
    {
        if (count > (ulong)Remaining)
        {
            throw new GgufFormatException($"the file ends at {Length} bytes, inside the header (needed {count} more bytes at offset {Position})");
        }

        long target = Position + (long)count;
        if (target <= _bufferStart + _bufferCount)
        {
            _bufferOffset = (int)(target - _bufferStart);
            return;
        }

        _stream.Position = target;
        _bufferStart = target;
        _bufferOffset = 0;
        _bufferCount = 0;
    }

    public void Dispose() => _stream.Dispose();

    private void Read(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw new GgufFormatException($"the file ends at {Length} bytes, inside the header (offset {Position})");
        }

        while (destination.Length > 0)
        {
            if (_bufferOffset == _bufferCount)
            {
                _bufferStart += _bufferCount;
                _stream.Position = _bufferStart;
                _bufferCount = _stream.Read(_buffer, 0, BufferSize);
                _bufferOffset = 0;
                if (_bufferCount == 0)
                {
                    throw new GgufFormatException($"unexpected end of file at offset {Position}");
                }
            }

            int n = Math.Min(destination.Length, _bufferCount - _bufferOffset);
            _buffer.AsSpan(_bufferOffset, n).CopyTo(destination);
            _bufferOffset += n;
            destination = destination[n..];
        }
    }
}

/// <summary>Raised inside the validator; turned into an <see cref="InvalidModelFileException"/> naming the file.</summary>
#pragma warning disable CA1064 // Internal by design: never escapes GgufModelValidator.
internal sealed class GgufFormatException(string message) : Exception(message);
#pragma warning restore CA1064
