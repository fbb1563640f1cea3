// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx.Tests.Quantization;

public sealed class Float16StorageTests
{
    [Fact]
    public void Convert_ValuesBeyondRange_ClampToLargestFiniteHalf()
    {
        float[] values = [float.MinValue, float.MaxValue, 65520f, -1e6f, 65504f, -1.5f, 0f];

        byte[] bytes = Float16Storage.Convert(values, out int clamped);

        Half[] halves = [.. Enumerable.Range(0, values.Length).Select(i => BitConverter.ToHalf(bytes, 2 * i))];
        Assert.Equal(4, clamped);
        Assert.Equal([Half.MinValue, Half.MaxValue, Half.MaxValue, Half.MinValue, Half.MaxValue, (Half)(-1.5f), (Half)0f], halves);
    }

    [Fact]
    public void Convert_NonFiniteValues_KeptAsTheyAre()
    {
        byte[] bytes = Float16Storage.Convert([float.NegativeInfinity, float.NaN], out int clamped);

        Assert.Equal(0, clamped);
        Assert.True(Half.IsNegativeInfinity(BitConverter.ToHalf(bytes, 0)));
        Assert.True(Half.IsNaN(BitConverter.ToHalf(bytes, 2)));
    }
}
