// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.Onnx;

/// <summary>Converts fp32 values to fp16 storage, clamping to the fp16 range so that large finite values stay finite.</summary>
/// <remarks>
/// Masks are often built from <see cref="float.MinValue"/>; as fp16 it would become negative infinity, and
/// <c>0 × -∞</c> is NaN. Clamped to -65504 it still masks (softmax of a logit near -65504 is zero) without NaN.
/// </remarks>
internal static class Float16Storage
{
    /// <summary>The largest finite fp16 value.</summary>
    public const float MaxValue = 65504f;

    /// <summary>Converts values to little-endian fp16 bytes.</summary>
    /// <param name="values">The fp32 values.</param>
    /// <param name="clamped">The number of finite values outside the fp16 range that were clamped to ±65504.</param>
    /// <returns>Two bytes per value.</returns>
    public static byte[] Convert(ReadOnlySpan<float> values, out int clamped)
    {
        clamped = 0;
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            float value = values[i];
            if (float.IsFinite(value) && MathF.Abs(value) > MaxValue)
            {
                value = MathF.CopySign(MaxValue, value);
                clamped++;
            }

            ushort bits = BitConverter.HalfToUInt16Bits((Half)value);
            bytes[2 * i] = (byte)bits;
            bytes[(2 * i) + 1] = (byte)(bits >> 8);
        }

        return bytes;
    }
}
