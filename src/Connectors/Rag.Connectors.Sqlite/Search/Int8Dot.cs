// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>
/// Integer dot products of an int16 query with int8 row codes. Every path sums exact integer products (no saturating
/// instruction, no floating point), so AVX-512, AVX2 and the portable path return the same value on every CPU.
/// </summary>
internal static class Int8Dot
{
    /// <summary>
    /// The largest query code for <paramref name="dimensions"/>: with row codes in [-127, 127], the sum of all products
    /// stays inside an <see cref="int"/> (and each pair summed by <c>vpmaddwd</c> inside one lane).
    /// </summary>
    public static short MaxQueryCode(int dimensions) => (short)Math.Min(short.MaxValue, int.MaxValue / (Math.Max(1, dimensions) * 127L));

    /// <summary>The dot product on the widest instructions this CPU has.</summary>
    public static int Dot(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        if (Avx512BW.IsSupported)
        {
            return DotAvx512(query, codes);
        }

        return Avx2.IsSupported ? DotAvx2(query, codes) : DotPortable(query, codes);
    }

    /// <summary>The reference: one product at a time.</summary>
    internal static int DotScalar(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes, int start = 0)
    {
        int sum = 0;
        for (int i = start; i < query.Length; i++)
        {
            sum += query[i] * codes[i];
        }

        return sum;
    }

    /// <summary>32 products per step: sign-extend 32 codes to int16, then <c>vpmaddwd</c> (pairs summed into int32).</summary>
    internal static int DotAvx512(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        if (!Avx512BW.IsSupported)
        {
            throw new PlatformNotSupportedException("AVX-512BW is not supported by this CPU.");
        }

        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte c = ref MemoryMarshal.GetReference(codes);
        Vector512<int> acc = Vector512<int>.Zero;
        int i = 0;
        for (; i <= query.Length - 32; i += 32)
        {
            Vector512<short> wide = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)i));
            acc += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref q, (nuint)i), wide);
        }

        return Vector512.Sum(acc) + DotScalar(query, codes, i);
    }

    /// <summary>16 products per step: sign-extend 16 codes to int16, then <c>vpmaddwd</c> (pairs summed into int32).</summary>
    internal static int DotAvx2(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        if (!Avx2.IsSupported)
        {
            throw new PlatformNotSupportedException("AVX2 is not supported by this CPU.");
        }

        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte c = ref MemoryMarshal.GetReference(codes);
        Vector256<int> acc0 = Vector256<int>.Zero;
        Vector256<int> acc1 = Vector256<int>.Zero;
        int i = 0;
        for (; i <= query.Length - 32; i += 32)
        {
            Vector256<short> w0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)i));
            Vector256<short> w1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)(i + 16)));
            acc0 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref q, (nuint)i), w0);
            acc1 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref q, (nuint)(i + 16)), w1);
        }

        for (; i <= query.Length - 16; i += 16)
        {
            Vector256<short> w = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)i));
            acc0 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref q, (nuint)i), w);
        }

        return Vector256.Sum(acc0 + acc1) + DotScalar(query, codes, i);
    }

    /// <summary>Any CPU: widens both sides to int32 with <see cref="Vector128"/> (hardware or software) and multiplies.</summary>
    internal static int DotPortable(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte c = ref MemoryMarshal.GetReference(codes);
        Vector128<int> acc = Vector128<int>.Zero;
        int i = 0;
        for (; i <= query.Length - 16; i += 16)
        {
            (Vector128<short> c0, Vector128<short> c1) = Vector128.Widen(Vector128.LoadUnsafe(ref c, (nuint)i));
            (Vector128<int> q0, Vector128<int> q1) = Vector128.Widen(Vector128.LoadUnsafe(ref q, (nuint)i));
            (Vector128<int> q2, Vector128<int> q3) = Vector128.Widen(Vector128.LoadUnsafe(ref q, (nuint)(i + 8)));
            (Vector128<int> p0, Vector128<int> p1) = Vector128.Widen(c0);
            (Vector128<int> p2, Vector128<int> p3) = Vector128.Widen(c1);
            acc += (q0 * p0) + (q1 * p1) + (q2 * p2) + (q3 * p3);
        }

        return Vector128.Sum(acc) + DotScalar(query, codes, i);
    }
}
