// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace Rag.Connectors.Sqlite.Storage;

/// <summary>Vectors are stored as BLOBs of little-endian float32.</summary>
internal static class VectorCodec
{
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The SQLite store requires a little-endian platform.");
        }

        return MemoryMarshal.AsBytes(vector).ToArray();
    }

    public static float[] Decode(ReadOnlySpan<byte> blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();
}
