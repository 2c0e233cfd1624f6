using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stratus.Crypto;

/// <summary>
/// The first 2,048 bytes (32 output blocks) of a BLAKE3 root node with AVX2, the whole of an accounts lattice hash.
/// Each 256-bit vector holds one state word for eight consecutive output counters. The chaining value and message
/// block are the same for all 32 blocks, so the message words are broadcast once per call and read as memory
/// operands, and the part of round 0 that does not involve the counter (the column steps of columns 1-3) is computed
/// once in scalar code. The rounds are unrolled so every message index is a constant.
/// </summary>
internal static unsafe class Blake3LatticeOutput
{
    public const int Groups = 4;
    public const int Bytes = Groups * 8 * Blake3.BlockSize;

    private const uint Iv0 = 0x6A09E667, Iv1 = 0xBB67AE85, Iv2 = 0x3C6EF372, Iv3 = 0xA54FF53A;

    /// <summary>Writes the 2,048 output bytes of the root node (cv, block, blockLength, flags without ROOT).</summary>
    public static void Write(uint* cv, byte* block, uint blockLength, uint flags, byte* destination) =>
        Run<Store>(cv, block, blockLength, flags, destination);

    /// <summary>
    /// Adds the 2,048 output bytes, as 1,024 wrapping u16 lanes, to <paramref name="sum"/>, which is kept in the
    /// kernel's own word order (see <see cref="ToBytes"/>): vector 16·g + w holds word w of output blocks 8·g … 8·g + 7.
    /// The order is a permutation of whole 32-bit words, so lane-wise addition commutes with it.
    /// </summary>
    public static void Accumulate(uint* cv, byte* block, uint blockLength, uint flags, Vector256<ushort>* sum) =>
        Run<Add>(cv, block, blockLength, flags, (byte*)sum);

    /// <summary>Converts a sum kept in kernel order (2,048 bytes at <paramref name="permuted"/>) to byte order.</summary>
    public static void ToBytes(uint* permuted, Span<byte> destination)
    {
        fixed (byte* d = destination)
        {
            var words = (uint*)d;
            for (var g = 0; g < Groups; g++)
            for (var w = 0; w < 16; w++)
            for (var j = 0; j < 8; j++)
                words[(8 * g + j) * 16 + w] = permuted[(16 * g + w) * 8 + j];
        }
    }

    private struct Store;

    private struct Add;

    /// <summary>One body for both uses; the JIT compiles each instantiation separately with the mode test folded away.</summary>
    [SkipLocalsInit]
    private static void Run<TMode>(uint* cv, byte* block, uint blockLength, uint flags, byte* destination) where TMode : struct
    {
        var words = (uint*)block;
        var m = stackalloc Vector256<uint>[17];
        // A store to the same memory after each round keeps the JIT from keeping a message word loaded in one round
        // in a register (and so, with 16 state vectors, on the stack) for the next: every use is a memory operand.
        var fence = (uint*)(m + 16);
        for (var i = 0; i < 16; i++) m[i] = Vector256.Create(words[i]);
        flags |= Blake3Core.Root;

        // Round 0, columns 1-3: the counter is only in column 0 (its high word, in column 1, is 0 for these 32 blocks).
        uint a1 = cv[1], b1 = cv[5], c1 = Iv1, d1 = 0;
        uint a2 = cv[2], b2 = cv[6], c2 = Iv2, d2 = blockLength;
        uint a3 = cv[3], b3 = cv[7], c3 = Iv3, d3 = flags;
        ScalarG(ref a1, ref b1, ref c1, ref d1, words[2], words[3]);
        ScalarG(ref a2, ref b2, ref c2, ref d2, words[4], words[5]);
        ScalarG(ref a3, ref b3, ref c3, ref d3, words[6], words[7]);
        var a0 = cv[0] + cv[4] + words[0];

        for (var g = 0; g < Groups; g++)
        {
            var v0 = Vector256.Create(a0);
            var v4 = Vector256.Create(cv[4]);
            var v8 = Vector256.Create(Iv0);
            var v12 = Vector256.Create((uint)(8 * g)) + Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            // The rest of round 0's column 0 (its first addition is a0).
            v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();
            v8 += v12;
            v4 ^= v8;
            v4 = Avx2.ShiftRightLogical(v4, 12) | Avx2.ShiftLeftLogical(v4, 20);
            v0 = v0 + v4 + m[1];
            v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
            v8 += v12;
            v4 ^= v8;
            v4 = Avx2.ShiftRightLogical(v4, 7) | Avx2.ShiftLeftLogical(v4, 25);
            var v1 = Vector256.Create(a1);
            var v5 = Vector256.Create(b1);
            var v9 = Vector256.Create(c1);
            var v13 = Vector256.Create(d1);
            var v2 = Vector256.Create(a2);
            var v6 = Vector256.Create(b2);
            var v10 = Vector256.Create(c2);
            var v14 = Vector256.Create(d2);
            var v3 = Vector256.Create(a3);
            var v7 = Vector256.Create(b3);
            var v11 = Vector256.Create(c3);
            var v15 = Vector256.Create(d3);
            Blake3Rounds.G(ref v0, ref v5, ref v10, ref v15, m + 8, m + 9);
            Blake3Rounds.G(ref v1, ref v6, ref v11, ref v12, m + 10, m + 11);
            Blake3Rounds.G(ref v2, ref v7, ref v8, ref v13, m + 12, m + 13);
            Blake3Rounds.G(ref v3, ref v4, ref v9, ref v14, m + 14, m + 15);
            *fence = 0;
            Blake3Rounds.Rounds2To7(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, ref v8, ref v9, ref v10, ref v11, ref v12, ref v13, ref v14, ref v15, m, fence);

            // Output words 0..7 are v[i] ^ v[i+8]; words 8..15 are v[i+8] ^ cv[i].
            if (typeof(TMode) == typeof(Add))
            {
                var sum = (Vector256<ushort>*)destination + 16 * g;
                sum[0] += (v0 ^ v8).AsUInt16();
                sum[1] += (v1 ^ v9).AsUInt16();
                sum[2] += (v2 ^ v10).AsUInt16();
                sum[3] += (v3 ^ v11).AsUInt16();
                sum[4] += (v4 ^ v12).AsUInt16();
                sum[5] += (v5 ^ v13).AsUInt16();
                sum[6] += (v6 ^ v14).AsUInt16();
                sum[7] += (v7 ^ v15).AsUInt16();
                sum[8] += (v8 ^ Vector256.Create(cv[0])).AsUInt16();
                sum[9] += (v9 ^ Vector256.Create(cv[1])).AsUInt16();
                sum[10] += (v10 ^ Vector256.Create(cv[2])).AsUInt16();
                sum[11] += (v11 ^ Vector256.Create(cv[3])).AsUInt16();
                sum[12] += (v12 ^ Vector256.Create(cv[4])).AsUInt16();
                sum[13] += (v13 ^ Vector256.Create(cv[5])).AsUInt16();
                sum[14] += (v14 ^ Vector256.Create(cv[6])).AsUInt16();
                sum[15] += (v15 ^ Vector256.Create(cv[7])).AsUInt16();
            }
            else
            {
                var d = destination + 512 * g;
                Blake3Wide.StoreTransposed(v0 ^ v8, v1 ^ v9, v2 ^ v10, v3 ^ v11, v4 ^ v12, v5 ^ v13, v6 ^ v14, v7 ^ v15, d);
                Blake3Wide.StoreTransposed(v8 ^ Vector256.Create(cv[0]), v9 ^ Vector256.Create(cv[1]), v10 ^ Vector256.Create(cv[2]),
                    v11 ^ Vector256.Create(cv[3]), v12 ^ Vector256.Create(cv[4]), v13 ^ Vector256.Create(cv[5]),
                    v14 ^ Vector256.Create(cv[6]), v15 ^ Vector256.Create(cv[7]), d + 32);
            }
        }
    }



    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarG(ref uint a, ref uint b, ref uint c, ref uint d, uint mx, uint my)
    {
        a = a + b + mx;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + my;
        d = BitOperations.RotateRight(d ^ a, 8);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 7);
    }
}
