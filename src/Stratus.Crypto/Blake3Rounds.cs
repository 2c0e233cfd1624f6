using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stratus.Crypto;

/// <summary>
/// The AVX2 BLAKE3 round function shared by the eight-lane kernels (<see cref="Blake3Lanes"/>, <see cref="Blake3LatticeOutput"/>):
/// the G mixing step on eight lanes, and rounds 2–7 unrolled with the message permutation folded into constant
/// indexes. Each kernel does round 1 itself (the lattice output precomputes the columns that do not depend on the
/// counter). <c>m</c> is the round-1 message, one vector per word; the store to <c>fence</c> after each round keeps
/// the JIT from hoisting message loads into registers it would then spill.
/// </summary>
internal static unsafe class Blake3Rounds
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void G(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d, Vector256<uint>* mx, Vector256<uint>* my)
    {
        a += b + *mx;
        d = Avx2.Shuffle((d ^ a).AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();
        c += d;
        b ^= c;
        b = Avx2.ShiftRightLogical(b, 12) | Avx2.ShiftLeftLogical(b, 20);
        a += b + *my;
        d = Avx2.Shuffle((d ^ a).AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
        c += d;
        b ^= c;
        b = Avx2.ShiftRightLogical(b, 7) | Avx2.ShiftLeftLogical(b, 25);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Rounds2To7(ref Vector256<uint> v0, ref Vector256<uint> v1, ref Vector256<uint> v2, ref Vector256<uint> v3,
        ref Vector256<uint> v4, ref Vector256<uint> v5, ref Vector256<uint> v6, ref Vector256<uint> v7,
        ref Vector256<uint> v8, ref Vector256<uint> v9, ref Vector256<uint> v10, ref Vector256<uint> v11,
        ref Vector256<uint> v12, ref Vector256<uint> v13, ref Vector256<uint> v14, ref Vector256<uint> v15,
        Vector256<uint>* m, uint* fence)
    {
        G(ref v0, ref v4, ref v8, ref v12, m + 2, m + 6);
        G(ref v1, ref v5, ref v9, ref v13, m + 3, m + 10);
        G(ref v2, ref v6, ref v10, ref v14, m + 7, m + 0);
        G(ref v3, ref v7, ref v11, ref v15, m + 4, m + 13);
        G(ref v0, ref v5, ref v10, ref v15, m + 1, m + 11);
        G(ref v1, ref v6, ref v11, ref v12, m + 12, m + 5);
        G(ref v2, ref v7, ref v8, ref v13, m + 9, m + 14);
        G(ref v3, ref v4, ref v9, ref v14, m + 15, m + 8);
        *fence = 0;
        G(ref v0, ref v4, ref v8, ref v12, m + 3, m + 4);
        G(ref v1, ref v5, ref v9, ref v13, m + 10, m + 12);
        G(ref v2, ref v6, ref v10, ref v14, m + 13, m + 2);
        G(ref v3, ref v7, ref v11, ref v15, m + 7, m + 14);
        G(ref v0, ref v5, ref v10, ref v15, m + 6, m + 5);
        G(ref v1, ref v6, ref v11, ref v12, m + 9, m + 0);
        G(ref v2, ref v7, ref v8, ref v13, m + 11, m + 15);
        G(ref v3, ref v4, ref v9, ref v14, m + 8, m + 1);
        *fence = 0;
        G(ref v0, ref v4, ref v8, ref v12, m + 10, m + 7);
        G(ref v1, ref v5, ref v9, ref v13, m + 12, m + 9);
        G(ref v2, ref v6, ref v10, ref v14, m + 14, m + 3);
        G(ref v3, ref v7, ref v11, ref v15, m + 13, m + 15);
        G(ref v0, ref v5, ref v10, ref v15, m + 4, m + 0);
        G(ref v1, ref v6, ref v11, ref v12, m + 11, m + 2);
        G(ref v2, ref v7, ref v8, ref v13, m + 5, m + 8);
        G(ref v3, ref v4, ref v9, ref v14, m + 1, m + 6);
        *fence = 0;
        G(ref v0, ref v4, ref v8, ref v12, m + 12, m + 13);
        G(ref v1, ref v5, ref v9, ref v13, m + 9, m + 11);
        G(ref v2, ref v6, ref v10, ref v14, m + 15, m + 10);
        G(ref v3, ref v7, ref v11, ref v15, m + 14, m + 8);
        G(ref v0, ref v5, ref v10, ref v15, m + 7, m + 2);
        G(ref v1, ref v6, ref v11, ref v12, m + 5, m + 3);
        G(ref v2, ref v7, ref v8, ref v13, m + 0, m + 1);
        G(ref v3, ref v4, ref v9, ref v14, m + 6, m + 4);
        *fence = 0;
        G(ref v0, ref v4, ref v8, ref v12, m + 9, m + 14);
        G(ref v1, ref v5, ref v9, ref v13, m + 11, m + 5);
        G(ref v2, ref v6, ref v10, ref v14, m + 8, m + 12);
        G(ref v3, ref v7, ref v11, ref v15, m + 15, m + 1);
        G(ref v0, ref v5, ref v10, ref v15, m + 13, m + 3);
        G(ref v1, ref v6, ref v11, ref v12, m + 0, m + 10);
        G(ref v2, ref v7, ref v8, ref v13, m + 2, m + 6);
        G(ref v3, ref v4, ref v9, ref v14, m + 4, m + 7);
        *fence = 0;
        G(ref v0, ref v4, ref v8, ref v12, m + 11, m + 15);
        G(ref v1, ref v5, ref v9, ref v13, m + 5, m + 0);
        G(ref v2, ref v6, ref v10, ref v14, m + 1, m + 9);
        G(ref v3, ref v7, ref v11, ref v15, m + 8, m + 6);
        G(ref v0, ref v5, ref v10, ref v15, m + 14, m + 10);
        G(ref v1, ref v6, ref v11, ref v12, m + 2, m + 12);
        G(ref v2, ref v7, ref v8, ref v13, m + 3, m + 4);
        G(ref v3, ref v4, ref v9, ref v14, m + 7, m + 13);
        *fence = 0;
    }
}
