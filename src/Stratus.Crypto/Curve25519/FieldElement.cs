using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Stratus.Crypto.Curve25519;

/// <summary>
/// An element of GF(2^255 − 19) in five 51-bit limbs (radix 2^51), variable-time. Only the
/// reference verifier uses it: for the rare inputs where libsodium's policy differs from
/// ed25519-dalek's, so clarity matters more than speed.
/// </summary>
internal readonly struct FieldElement
{
    private const ulong Mask51 = (1UL << 51) - 1;

    private readonly ulong _l0, _l1, _l2, _l3, _l4;

    private FieldElement(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        _l0 = l0; _l1 = l1; _l2 = l2; _l3 = l3; _l4 = l4;
    }

    public static FieldElement Zero => default;

    public static FieldElement One => new(1, 0, 0, 0, 0);

    public static FieldElement FromUInt64(ulong value) => new(value & Mask51, value >> 51, 0, 0, 0);

    /// <summary>Little-endian 255-bit value; bit 255 is ignored and values ≥ p are accepted unreduced (as dalek does).</summary>
    public static FieldElement FromBytes(ReadOnlySpan<byte> bytes)
    {
        return new FieldElement(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[6..]) >> 3) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[12..]) >> 6) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[19..]) >> 1) & Mask51,
            (BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]) >> 12) & Mask51);
    }

    /// <summary>The canonical (fully reduced) little-endian encoding.</summary>
    public void ToBytes(Span<byte> output)
    {
        var h = Carry(this);
        ulong l0 = h._l0, l1 = h._l1, l2 = h._l2, l3 = h._l3, l4 = h._l4;
        // h < 2p here. q = 1 exactly when h ≥ p, found by propagating the carry of h + 19.
        var q = (l0 + 19) >> 51;
        q = (l1 + q) >> 51;
        q = (l2 + q) >> 51;
        q = (l3 + q) >> 51;
        q = (l4 + q) >> 51;
        l0 += 19 * q;
        l1 += l0 >> 51; l0 &= Mask51;
        l2 += l1 >> 51; l1 &= Mask51;
        l3 += l2 >> 51; l2 &= Mask51;
        l4 += l3 >> 51; l3 &= Mask51;
        l4 &= Mask51;
        Span<ulong> words = stackalloc ulong[4];
        words[0] = l0 | (l1 << 51);
        words[1] = (l1 >> 13) | (l2 << 38);
        words[2] = (l2 >> 26) | (l3 << 25);
        words[3] = (l3 >> 39) | (l4 << 12);
        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(output[(8 * i)..], words[i]);
    }

    public bool IsZero
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            return b.IndexOfAnyExcept((byte)0) < 0;
        }
    }

    /// <summary>"Negative" means the canonical value is odd.</summary>
    public bool IsNegative
    {
        get
        {
            Span<byte> b = stackalloc byte[32];
            ToBytes(b);
            return (b[0] & 1) == 1;
        }
    }

    public bool Equals(FieldElement other)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        ToBytes(a);
        other.ToBytes(b);
        return a.SequenceEqual(b);
    }

    public static FieldElement operator +(FieldElement a, FieldElement b) =>
        Carry(new FieldElement(a._l0 + b._l0, a._l1 + b._l1, a._l2 + b._l2, a._l3 + b._l3, a._l4 + b._l4));

    /// <summary>a − b computed as a + 16p − b so no limb underflows (limbs stay below 2^55).</summary>
    public static FieldElement operator -(FieldElement a, FieldElement b) =>
        Carry(new FieldElement(
            a._l0 + 36028797018963664UL - b._l0,
            a._l1 + 36028797018963952UL - b._l1,
            a._l2 + 36028797018963952UL - b._l2,
            a._l3 + 36028797018963952UL - b._l3,
            a._l4 + 36028797018963952UL - b._l4));

    public static FieldElement operator -(FieldElement a) => Zero - a;

    public static FieldElement operator *(FieldElement a, FieldElement b)
    {
        ulong b1x19 = b._l1 * 19, b2x19 = b._l2 * 19, b3x19 = b._l3 * 19, b4x19 = b._l4 * 19;
        var c0 = M(a._l0, b._l0) + M(a._l4, b1x19) + M(a._l3, b2x19) + M(a._l2, b3x19) + M(a._l1, b4x19);
        var c1 = M(a._l1, b._l0) + M(a._l0, b._l1) + M(a._l4, b2x19) + M(a._l3, b3x19) + M(a._l2, b4x19);
        var c2 = M(a._l2, b._l0) + M(a._l1, b._l1) + M(a._l0, b._l2) + M(a._l4, b3x19) + M(a._l3, b4x19);
        var c3 = M(a._l3, b._l0) + M(a._l2, b._l1) + M(a._l1, b._l2) + M(a._l0, b._l3) + M(a._l4, b4x19);
        var c4 = M(a._l4, b._l0) + M(a._l3, b._l1) + M(a._l2, b._l2) + M(a._l1, b._l3) + M(a._l0, b._l4);
        c1 += (ulong)(c0 >> 51);
        c2 += (ulong)(c1 >> 51);
        c3 += (ulong)(c2 >> 51);
        c4 += (ulong)(c3 >> 51);
        var carry = (ulong)(c4 >> 51);
        var l0 = ((ulong)c0 & Mask51) + carry * 19;
        var l1 = ((ulong)c1 & Mask51) + (l0 >> 51);
        return new FieldElement(l0 & Mask51, l1, (ulong)c2 & Mask51, (ulong)c3 & Mask51, (ulong)c4 & Mask51);
    }

    public FieldElement Square() => this * this;

    /// <summary>this^(2^n) by repeated squaring.</summary>
    public FieldElement SquareTimes(int n)
    {
        var r = this;
        for (var i = 0; i < n; i++) r = r.Square();
        return r;
    }

    /// <summary>this^((p − 5) / 8) = this^(2^252 − 3), the exponent of the combined square-root-and-inverse.</summary>
    public FieldElement Pow22523()
    {
        var (t19, t3) = Pow22501();
        _ = t3;
        return t19.SquareTimes(2) * this;
    }

    /// <summary>this^(p − 2) = 1/this (0 maps to 0).</summary>
    public FieldElement Invert()
    {
        var (t19, t3) = Pow22501();
        return t19.SquareTimes(5) * t3;
    }

    /// <summary>Returns (this^(2^250 − 1), this^11), the shared prefix of the addition chains above.</summary>
    private (FieldElement, FieldElement) Pow22501()
    {
        var t0 = Square();                    // 2
        var t1 = t0.SquareTimes(2);           // 8
        var t2 = this * t1;                   // 9
        var t3 = t0 * t2;                     // 11
        var t4 = t3.Square();                 // 22
        var t5 = t2 * t4;                     // 31 = 2^5 − 1
        var t6 = t5.SquareTimes(5);
        var t7 = t6 * t5;                     // 2^10 − 1
        var t8 = t7.SquareTimes(10);
        var t9 = t8 * t7;                     // 2^20 − 1
        var t10 = t9.SquareTimes(20);
        var t11 = t10 * t9;                   // 2^40 − 1
        var t12 = t11.SquareTimes(10);
        var t13 = t12 * t7;                   // 2^50 − 1
        var t14 = t13.SquareTimes(50);
        var t15 = t14 * t13;                  // 2^100 − 1
        var t16 = t15.SquareTimes(100);
        var t17 = t16 * t15;                  // 2^200 − 1
        var t18 = t17.SquareTimes(50);
        var t19 = t18 * t13;                  // 2^250 − 1
        return (t19, t3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 M(ulong a, ulong b) => (UInt128)a * b;

    /// <summary>Carries every limb into 51 bits (the top carry folds back times 19).</summary>
    private static FieldElement Carry(FieldElement a)
    {
        ulong l0 = a._l0, l1 = a._l1, l2 = a._l2, l3 = a._l3, l4 = a._l4;
        l1 += l0 >> 51; l0 &= Mask51;
        l2 += l1 >> 51; l1 &= Mask51;
        l3 += l2 >> 51; l2 &= Mask51;
        l4 += l3 >> 51; l3 &= Mask51;
        l0 += (l4 >> 51) * 19; l4 &= Mask51;
        l1 += l0 >> 51; l0 &= Mask51;
        return new FieldElement(l0, l1, l2, l3, l4);
    }
}
