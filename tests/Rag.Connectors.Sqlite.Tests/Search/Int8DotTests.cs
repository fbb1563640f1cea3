// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.Intrinsics.X86;
using Rag.Connectors.Sqlite.Search;

namespace Rag.Connectors.Sqlite.Tests.Search;

public sealed class Int8DotTests
{
    public static TheoryData<int> Lengths => [1, 3, 15, 16, 17, 31, 32, 33, 64, 65, 100, 127, 128, 129, 160, 200, 384, 768, 1024];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_EveryInstructionSet_MatchesScalarExactly(int length)
    {
        // Arrange: random codes, and the extremes (every product at its largest magnitude).
        var random = new Random(length);
        short limit = Int8Dot.MaxQueryCode(length);
        (short[] Query, sbyte[] Codes)[] cases =
        [
            ([.. Enumerable.Range(0, length).Select(_ => (short)random.Next(-limit, limit + 1))], [.. Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128))]),
            ([.. Enumerable.Repeat(limit, length)], [.. Enumerable.Repeat((sbyte)127, length)]),
            ([.. Enumerable.Repeat((short)-limit, length)], [.. Enumerable.Repeat((sbyte)127, length)]),
        ];

        foreach ((short[] query, sbyte[] codes) in cases)
        {
            long expected = query.Zip(codes, (q, c) => (long)q * c).Sum();

            // Act / Assert: the sum fits an int, and every path finds it.
            Assert.InRange(expected, int.MinValue, int.MaxValue);
            Assert.Equal((int)expected, Int8Dot.DotScalar(query, codes));
            Assert.Equal((int)expected, Int8Dot.DotPortable(query, codes));
            Assert.Equal((int)expected, Int8Dot.Dot(query, codes));
            if (Avx2.IsSupported)
            {
                Assert.Equal((int)expected, Int8Dot.DotAvx2(query, codes));
            }

            if (Avx512BW.IsSupported)
            {
                Assert.Equal((int)expected, Int8Dot.DotAvx512(query, codes));
            }
        }
    }

    [Fact]
    public void MaxQueryCode_WideVectors_ShrinksSoTheSumCannotOverflow()
    {
        Assert.Equal(short.MaxValue, Int8Dot.MaxQueryCode(384));
        Assert.True((long)Int8Dot.MaxQueryCode(4096) * 127 * 4096 <= int.MaxValue);
        Assert.True(Int8Dot.MaxQueryCode(4096) > 1000);
    }
}
