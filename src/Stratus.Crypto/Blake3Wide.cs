using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stratus.Crypto;

/// <summary>
/// Eight BLAKE3 root-output blocks at once with AVX2. Output blocks of one root node differ only in the counter, so
/// they are independent compressions of the same chaining value and block: each 256-bit vector holds one state word
/// for eight consecutive counters, the message words are broadcasts, and the results are transposed back to eight
/// 64-byte blocks. This is where an accounts lattice hash (2,048 bytes = 32 output blocks) spends most of its time.
/// </summary>
internal static unsafe class Blake3Wide
{
    public const int Lanes = 8;
    public const int OutputBytes = Lanes * Blake3.BlockSize;

    public static bool IsSupported => Avx2.IsSupported && BitConverter.IsLittleEndian;

    private const uint Iv0 = 0x6A09E667, Iv1 = 0xBB67AE85, Iv2 = 0x3C6EF372, Iv3 = 0xA54FF53A;

    /// <summary>
    /// Writes output blocks <paramref name="counter"/> … <paramref name="counter"/> + 7 of the root node (cv, block,
    /// blockLength, flags without ROOT) to the 512 bytes at <paramref name="destination"/>.
    /// </summary>
    [SkipLocalsInit]
    public static void RootOutput8(uint* cv, byte* block, uint blockLength, uint flags, ulong counter, byte* destination)
    {
        // The message words are the same in every lane: broadcast once, used as memory operands by the rounds.
        var m = stackalloc Vector256<uint>[17];
        var fence = (uint*)(m + 16);
        for (var i = 0; i < 16; i++) m[i] = Vector256.Create(((uint*)block)[i]);
        var v0 = Vector256.Create(cv[0]);
        var v1 = Vector256.Create(cv[1]);
        var v2 = Vector256.Create(cv[2]);
        var v3 = Vector256.Create(cv[3]);
        var v4 = Vector256.Create(cv[4]);
        var v5 = Vector256.Create(cv[5]);
        var v6 = Vector256.Create(cv[6]);
        var v7 = Vector256.Create(cv[7]);
        var v8 = Vector256.Create(Iv0);
        var v9 = Vector256.Create(Iv1);
        var v10 = Vector256.Create(Iv2);
        var v11 = Vector256.Create(Iv3);
        var lowBase = Vector256.Create((uint)counter);
        var v12 = lowBase + Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        // A lane whose low word wrapped past 2^32 carries into the high word (the mask is all ones = -1 there).
        var v13 = Vector256.Create((uint)(counter >> 32)) - Vector256.LessThan(v12, lowBase);
        var v14 = Vector256.Create(blockLength);
        var v15 = Vector256.Create(flags | Blake3Core.Root);

        Blake3Rounds.G(ref v0, ref v4, ref v8, ref v12, m + 0, m + 1);
        Blake3Rounds.G(ref v1, ref v5, ref v9, ref v13, m + 2, m + 3);
        Blake3Rounds.G(ref v2, ref v6, ref v10, ref v14, m + 4, m + 5);
        Blake3Rounds.G(ref v3, ref v7, ref v11, ref v15, m + 6, m + 7);
        Blake3Rounds.G(ref v0, ref v5, ref v10, ref v15, m + 8, m + 9);
        Blake3Rounds.G(ref v1, ref v6, ref v11, ref v12, m + 10, m + 11);
        Blake3Rounds.G(ref v2, ref v7, ref v8, ref v13, m + 12, m + 13);
        Blake3Rounds.G(ref v3, ref v4, ref v9, ref v14, m + 14, m + 15);
        *fence = 0;
        Blake3Rounds.Rounds2To7(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, ref v8, ref v9, ref v10, ref v11, ref v12, ref v13, ref v14, ref v15, m, fence);

        // Output words 0..7 are v[i] ^ v[i+8]; words 8..15 are v[i+8] ^ cv[i].
        var w8 = v8 ^ Vector256.Create(cv[0]);
        var w9 = v9 ^ Vector256.Create(cv[1]);
        var w10 = v10 ^ Vector256.Create(cv[2]);
        var w11 = v11 ^ Vector256.Create(cv[3]);
        var w12 = v12 ^ Vector256.Create(cv[4]);
        var w13 = v13 ^ Vector256.Create(cv[5]);
        var w14 = v14 ^ Vector256.Create(cv[6]);
        var w15 = v15 ^ Vector256.Create(cv[7]);
        StoreTransposed(v0 ^ v8, v1 ^ v9, v2 ^ v10, v3 ^ v11, v4 ^ v12, v5 ^ v13, v6 ^ v14, v7 ^ v15, destination);
        StoreTransposed(w8, w9, w10, w11, w12, w13, w14, w15, destination + 32);
    }

    /// <summary>
    /// Chaining values of eight consecutive whole chunks (8 KiB at <paramref name="input"/>, chunk counters
    /// <paramref name="counter"/> … + 7), none of them the root, written as 8 × 8 words to <paramref name="cvs"/>.
    /// </summary>
    public static void HashChunks8(byte* input, ulong counter, uint* cvs)
    {
        var jobs = default(LaneJobs);
        for (var j = 0; j < Lanes; j++)
            jobs.Set(j, input + j * Blake3.ChunkSize, Blake3.ChunkSize / Blake3.BlockSize, Blake3.BlockSize, counter + (ulong)j);
        Blake3Lanes.Compress(&jobs, Lanes, Blake3Core.ChunkStart, Blake3Core.ChunkEnd, 0, cvs);
    }

    /// <summary>
    /// r0..r7 hold words k..k+7 of eight blocks (lane j = block j); writes the 32 bytes of each block's words to
    /// destination + stride·j.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreTransposed(Vector256<uint> r0, Vector256<uint> r1, Vector256<uint> r2, Vector256<uint> r3,
        Vector256<uint> r4, Vector256<uint> r5, Vector256<uint> r6, Vector256<uint> r7, byte* destination, int stride = 64)
    {
        var t0 = Avx2.UnpackLow(r0, r1).AsUInt64();
        var t1 = Avx2.UnpackHigh(r0, r1).AsUInt64();
        var t2 = Avx2.UnpackLow(r2, r3).AsUInt64();
        var t3 = Avx2.UnpackHigh(r2, r3).AsUInt64();
        var t4 = Avx2.UnpackLow(r4, r5).AsUInt64();
        var t5 = Avx2.UnpackHigh(r4, r5).AsUInt64();
        var t6 = Avx2.UnpackLow(r6, r7).AsUInt64();
        var t7 = Avx2.UnpackHigh(r6, r7).AsUInt64();
        var u0 = Avx2.UnpackLow(t0, t2);
        var u1 = Avx2.UnpackHigh(t0, t2);
        var u2 = Avx2.UnpackLow(t1, t3);
        var u3 = Avx2.UnpackHigh(t1, t3);
        var u4 = Avx2.UnpackLow(t4, t6);
        var u5 = Avx2.UnpackHigh(t4, t6);
        var u6 = Avx2.UnpackLow(t5, t7);
        var u7 = Avx2.UnpackHigh(t5, t7);
        Avx2.Permute2x128(u0, u4, 0x20).Store((ulong*)destination);
        Avx2.Permute2x128(u1, u5, 0x20).Store((ulong*)(destination + 1 * stride));
        Avx2.Permute2x128(u2, u6, 0x20).Store((ulong*)(destination + 2 * stride));
        Avx2.Permute2x128(u3, u7, 0x20).Store((ulong*)(destination + 3 * stride));
        Avx2.Permute2x128(u0, u4, 0x31).Store((ulong*)(destination + 4 * stride));
        Avx2.Permute2x128(u1, u5, 0x31).Store((ulong*)(destination + 5 * stride));
        Avx2.Permute2x128(u2, u6, 0x31).Store((ulong*)(destination + 6 * stride));
        Avx2.Permute2x128(u3, u7, 0x31).Store((ulong*)(destination + 7 * stride));
    }
}
