using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Stratus.Crypto.Bn254;

/// <summary>
/// An element of a prime field below 2^254, held in Montgomery form (x·2^256 mod m) as four 64-bit
/// limbs. Every value is fully reduced, so equality is limb equality.
/// </summary>
public readonly struct Fp256<TModulus> : IEquatable<Fp256<TModulus>> where TModulus : struct, IFieldModulus
{
    internal readonly ulong L0, L1, L2, L3;

    internal Fp256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static Fp256<TModulus> Zero => default;

    public static Fp256<TModulus> One => new(TModulus.R0, TModulus.R1, TModulus.R2, TModulus.R3);

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public bool IsOne => L0 == TModulus.R0 && L1 == TModulus.R1 && L2 == TModulus.R2 && L3 == TModulus.R3;

    /// <summary>The element with canonical value given by little-endian limbs; false (and zero) when not below the modulus.</summary>
    public static bool TryFromCanonical(ulong c0, ulong c1, ulong c2, ulong c3, out Fp256<TModulus> value)
    {
        if (!LessThanModulus(c0, c1, c2, c3))
        {
            value = default;
            return false;
        }
        value = MontMul(new Fp256<TModulus>(c0, c1, c2, c3), new Fp256<TModulus>(TModulus.RR0, TModulus.RR1, TModulus.RR2, TModulus.RR3));
        return true;
    }

    public static Fp256<TModulus> FromUInt64(ulong v)
    {
        TryFromCanonical(v, 0, 0, 0, out var result);
        return result;
    }

    /// <summary>Parses 32 big-endian bytes; false when the value is not below the modulus.</summary>
    public static bool TryFromBigEndian(ReadOnlySpan<byte> bytes, out Fp256<TModulus> value) =>
        TryFromCanonical(
            BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(24, 8)),
            BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(16, 8)),
            BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(8, 8)),
            BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(0, 8)),
            out value);

    /// <summary>Parses 32 little-endian bytes; false when the value is not below the modulus.</summary>
    public static bool TryFromLittleEndian(ReadOnlySpan<byte> bytes, out Fp256<TModulus> value) =>
        TryFromCanonical(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(0, 8)),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8, 8)),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(16, 8)),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(24, 8)),
            out value);

    /// <summary>The canonical value as little-endian limbs.</summary>
    public void ToCanonical(out ulong c0, out ulong c1, out ulong c2, out ulong c3)
    {
        var r = MontMul(this, new Fp256<TModulus>(1, 0, 0, 0));
        c0 = r.L0;
        c1 = r.L1;
        c2 = r.L2;
        c3 = r.L3;
    }

    public void WriteBigEndian(Span<byte> destination)
    {
        ToCanonical(out var c0, out var c1, out var c2, out var c3);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(0, 8), c3);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8, 8), c2);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(16, 8), c1);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(24, 8), c0);
    }

    public void WriteLittleEndian(Span<byte> destination)
    {
        ToCanonical(out var c0, out var c1, out var c2, out var c3);
        BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(0, 8), c0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(8, 8), c1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(16, 8), c2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(24, 8), c3);
    }

    /// <summary>Orders by canonical value (arkworks' <c>Ord</c> on prime field elements).</summary>
    public int CompareCanonical(in Fp256<TModulus> other)
    {
        ToCanonical(out var a0, out var a1, out var a2, out var a3);
        other.ToCanonical(out var b0, out var b1, out var b2, out var b3);
        if (a3 != b3) return a3 < b3 ? -1 : 1;
        if (a2 != b2) return a2 < b2 ? -1 : 1;
        if (a1 != b1) return a1 < b1 ? -1 : 1;
        if (a0 != b0) return a0 < b0 ? -1 : 1;
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool LessThanModulus(ulong c0, ulong c1, ulong c2, ulong c3)
    {
        ulong borrow = 0;
        Sbb(c0, TModulus.M0, ref borrow);
        Sbb(c1, TModulus.M1, ref borrow);
        Sbb(c2, TModulus.M2, ref borrow);
        Sbb(c3, TModulus.M3, ref borrow);
        return borrow != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Adc(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b;
        ulong c = s < a ? 1UL : 0UL;
        ulong t = s + carry;
        c += t < s ? 1UL : 0UL;
        carry = c;
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Sbb(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b;
        ulong bo = a < b ? 1UL : 0UL;
        ulong e = d - borrow;
        bo += d < borrow ? 1UL : 0UL;
        borrow = bo;
        return e;
    }

    /// <summary>High word of a 64×64 product; MULX's high-only form keeps both halves in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulHigh(ulong a, ulong b) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(a, b) : Math.BigMul(a, b, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp256<TModulus> Reduce(ulong t0, ulong t1, ulong t2, ulong t3)
    {
        ulong borrow = 0;
        ulong d0 = Sbb(t0, TModulus.M0, ref borrow);
        ulong d1 = Sbb(t1, TModulus.M1, ref borrow);
        ulong d2 = Sbb(t2, TModulus.M2, ref borrow);
        ulong d3 = Sbb(t3, TModulus.M3, ref borrow);
        return borrow != 0 ? new Fp256<TModulus>(t0, t1, t2, t3) : new Fp256<TModulus>(d0, d1, d2, d3);
    }

    /// <summary>
    /// CIOS Montgomery multiplication, unrolled, in the form that needs no fifth word (valid because
    /// the modulus's top limb is below 2^62, as for both BN254 fields). Each step is a + b·c + d, which
    /// fits in 128 bits.
    /// </summary>
    internal static Fp256<TModulus> MontMul(in Fp256<TModulus> a, in Fp256<TModulus> b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        ulong lo, hi, A, C, m;
        lo = a.L0 * b.L0;
        hi = MulHigh(a.L0, b.L0);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        t0 = lo;
        A = hi;
        m = t0 * TModulus.N0;
        lo = m * TModulus.M0;
        hi = MulHigh(m, TModulus.M0);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        C = hi;
        lo = a.L1 * b.L0;
        hi = MulHigh(a.L1, b.L0);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t1 = lo;
        A = hi;
        lo = m * TModulus.M1;
        hi = MulHigh(m, TModulus.M1);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t0 = lo;
        C = hi;
        lo = a.L2 * b.L0;
        hi = MulHigh(a.L2, b.L0);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t2 = lo;
        A = hi;
        lo = m * TModulus.M2;
        hi = MulHigh(m, TModulus.M2);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t1 = lo;
        C = hi;
        lo = a.L3 * b.L0;
        hi = MulHigh(a.L3, b.L0);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t3 = lo;
        A = hi;
        lo = m * TModulus.M3;
        hi = MulHigh(m, TModulus.M3);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t2 = lo;
        C = hi;
        t3 = C + A;
        lo = a.L0 * b.L1;
        hi = MulHigh(a.L0, b.L1);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        t0 = lo;
        A = hi;
        m = t0 * TModulus.N0;
        lo = m * TModulus.M0;
        hi = MulHigh(m, TModulus.M0);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        C = hi;
        lo = a.L1 * b.L1;
        hi = MulHigh(a.L1, b.L1);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t1 = lo;
        A = hi;
        lo = m * TModulus.M1;
        hi = MulHigh(m, TModulus.M1);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t0 = lo;
        C = hi;
        lo = a.L2 * b.L1;
        hi = MulHigh(a.L2, b.L1);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t2 = lo;
        A = hi;
        lo = m * TModulus.M2;
        hi = MulHigh(m, TModulus.M2);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t1 = lo;
        C = hi;
        lo = a.L3 * b.L1;
        hi = MulHigh(a.L3, b.L1);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t3 = lo;
        A = hi;
        lo = m * TModulus.M3;
        hi = MulHigh(m, TModulus.M3);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t2 = lo;
        C = hi;
        t3 = C + A;
        lo = a.L0 * b.L2;
        hi = MulHigh(a.L0, b.L2);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        t0 = lo;
        A = hi;
        m = t0 * TModulus.N0;
        lo = m * TModulus.M0;
        hi = MulHigh(m, TModulus.M0);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        C = hi;
        lo = a.L1 * b.L2;
        hi = MulHigh(a.L1, b.L2);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t1 = lo;
        A = hi;
        lo = m * TModulus.M1;
        hi = MulHigh(m, TModulus.M1);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t0 = lo;
        C = hi;
        lo = a.L2 * b.L2;
        hi = MulHigh(a.L2, b.L2);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t2 = lo;
        A = hi;
        lo = m * TModulus.M2;
        hi = MulHigh(m, TModulus.M2);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t1 = lo;
        C = hi;
        lo = a.L3 * b.L2;
        hi = MulHigh(a.L3, b.L2);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t3 = lo;
        A = hi;
        lo = m * TModulus.M3;
        hi = MulHigh(m, TModulus.M3);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t2 = lo;
        C = hi;
        t3 = C + A;
        lo = a.L0 * b.L3;
        hi = MulHigh(a.L0, b.L3);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        t0 = lo;
        A = hi;
        m = t0 * TModulus.N0;
        lo = m * TModulus.M0;
        hi = MulHigh(m, TModulus.M0);
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        C = hi;
        lo = a.L1 * b.L3;
        hi = MulHigh(a.L1, b.L3);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t1 = lo;
        A = hi;
        lo = m * TModulus.M1;
        hi = MulHigh(m, TModulus.M1);
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t0 = lo;
        C = hi;
        lo = a.L2 * b.L3;
        hi = MulHigh(a.L2, b.L3);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t2 = lo;
        A = hi;
        lo = m * TModulus.M2;
        hi = MulHigh(m, TModulus.M2);
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t1 = lo;
        C = hi;
        lo = a.L3 * b.L3;
        hi = MulHigh(a.L3, b.L3);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += A;
        hi += lo < A ? 1UL : 0UL;
        t3 = lo;
        A = hi;
        lo = m * TModulus.M3;
        hi = MulHigh(m, TModulus.M3);
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += C;
        hi += lo < C ? 1UL : 0UL;
        t2 = lo;
        C = hi;
        t3 = C + A;
        return Reduce(t0, t1, t2, t3);
    }

    public static Fp256<TModulus> operator *(in Fp256<TModulus> a, in Fp256<TModulus> b) => MontMul(a, b);

    public static Fp256<TModulus> operator +(in Fp256<TModulus> a, in Fp256<TModulus> b)
    {
        ulong carry = 0;
        ulong s0 = Adc(a.L0, b.L0, ref carry);
        ulong s1 = Adc(a.L1, b.L1, ref carry);
        ulong s2 = Adc(a.L2, b.L2, ref carry);
        ulong s3 = Adc(a.L3, b.L3, ref carry);
        return Reduce(s0, s1, s2, s3);
    }

    public static Fp256<TModulus> operator -(in Fp256<TModulus> a, in Fp256<TModulus> b)
    {
        ulong borrow = 0;
        ulong d0 = Sbb(a.L0, b.L0, ref borrow);
        ulong d1 = Sbb(a.L1, b.L1, ref borrow);
        ulong d2 = Sbb(a.L2, b.L2, ref borrow);
        ulong d3 = Sbb(a.L3, b.L3, ref borrow);
        if (borrow == 0) return new Fp256<TModulus>(d0, d1, d2, d3);
        ulong carry = 0;
        d0 = Adc(d0, TModulus.M0, ref carry);
        d1 = Adc(d1, TModulus.M1, ref carry);
        d2 = Adc(d2, TModulus.M2, ref carry);
        d3 = Adc(d3, TModulus.M3, ref carry);
        return new Fp256<TModulus>(d0, d1, d2, d3);
    }

    public static Fp256<TModulus> operator -(in Fp256<TModulus> a) => Zero - a;

    public static bool operator ==(in Fp256<TModulus> a, in Fp256<TModulus> b) =>
        a.L0 == b.L0 && a.L1 == b.L1 && a.L2 == b.L2 && a.L3 == b.L3;

    public static bool operator !=(in Fp256<TModulus> a, in Fp256<TModulus> b) => !(a == b);

    public Fp256<TModulus> Square() => MontMul(this, this);

    public Fp256<TModulus> Double() => this + this;

    /// <summary>this^e for an exponent given as little-endian 64-bit limbs (plain square-and-multiply).</summary>
    public Fp256<TModulus> Pow(ReadOnlySpan<ulong> exponent)
    {
        var result = One;
        for (int i = exponent.Length - 1; i >= 0; i--)
        {
            for (int bit = 63; bit >= 0; bit--)
            {
                result = result.Square();
                if (((exponent[i] >> bit) & 1) != 0) result *= this;
            }
        }
        return result;
    }

    /// <summary>The multiplicative inverse (m-2 power); zero maps to zero.</summary>
    public Fp256<TModulus> Inverse()
    {
        ulong borrow = 0;
        ReadOnlySpan<ulong> e =
        [
            Sbb(TModulus.M0, 2, ref borrow),
            Sbb(TModulus.M1, 0, ref borrow),
            Sbb(TModulus.M2, 0, ref borrow),
            Sbb(TModulus.M3, 0, ref borrow),
        ];
        return Pow(e);
    }

    /// <summary>
    /// A square root for a modulus ≡ 3 (mod 4) (the BN254 base field): this^((m+1)/4), checked.
    /// </summary>
    public bool TrySqrt(out Fp256<TModulus> root)
    {
        ulong carry = 0;
        ulong e0 = Adc(TModulus.M0, 1, ref carry);
        ulong e1 = Adc(TModulus.M1, 0, ref carry);
        ulong e2 = Adc(TModulus.M2, 0, ref carry);
        ulong e3 = Adc(TModulus.M3, 0, ref carry);
        ReadOnlySpan<ulong> e = [(e0 >> 2) | (e1 << 62), (e1 >> 2) | (e2 << 62), (e2 >> 2) | (e3 << 62), e3 >> 2];
        root = Pow(e);
        return root.Square() == this;
    }

    /// <summary>Whether this is a square (Euler's criterion); zero counts as a square.</summary>
    public bool IsSquare()
    {
        if (IsZero) return true;
        ulong borrow = 0;
        ulong e0 = Sbb(TModulus.M0, 1, ref borrow);
        ulong e1 = Sbb(TModulus.M1, 0, ref borrow);
        ulong e2 = Sbb(TModulus.M2, 0, ref borrow);
        ulong e3 = Sbb(TModulus.M3, 0, ref borrow);
        ReadOnlySpan<ulong> e = [(e0 >> 1) | (e1 << 63), (e1 >> 1) | (e2 << 63), (e2 >> 1) | (e3 << 63), e3 >> 1];
        return Pow(e).IsOne;
    }

    public bool Equals(Fp256<TModulus> other) => this == other;

    public override bool Equals(object? obj) => obj is Fp256<TModulus> other && this == other;

    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteBigEndian(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }
}
