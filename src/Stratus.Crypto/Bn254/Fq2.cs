using Fq = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FqModulus>;

namespace Stratus.Crypto.Bn254;

/// <summary>Fq2 = Fq[u]/(u² + 1): c0 + c1·u.</summary>
public readonly struct Fq2 : IEquatable<Fq2>
{
    public readonly Fq C0, C1;

    public Fq2(in Fq c0, in Fq c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fq2 Zero => default;

    public static Fq2 One => new(Fq.One, Fq.Zero);

    /// <summary>ξ = 9 + u, the non-residue defining Fq6 and the sextic twist.</summary>
    public static Fq2 Xi { get; } = new(Fq.FromUInt64(9), Fq.One);

    private static readonly Fq Half = Fq.FromUInt64(2).Inverse();

    public bool IsZero => C0.IsZero && C1.IsZero;

    public bool IsOne => C0.IsOne && C1.IsZero;

    public static Fq2 operator +(in Fq2 a, in Fq2 b) => new(a.C0 + b.C0, a.C1 + b.C1);

    public static Fq2 operator -(in Fq2 a, in Fq2 b) => new(a.C0 - b.C0, a.C1 - b.C1);

    public static Fq2 operator -(in Fq2 a) => new(-a.C0, -a.C1);

    public static Fq2 operator *(in Fq2 a, in Fq2 b)
    {
        var v0 = a.C0 * b.C0;
        var v1 = a.C1 * b.C1;
        var s = (a.C0 + a.C1) * (b.C0 + b.C1);
        return new Fq2(v0 - v1, s - v0 - v1);
    }

    public static Fq2 operator *(in Fq2 a, in Fq b) => new(a.C0 * b, a.C1 * b);

    public static bool operator ==(in Fq2 a, in Fq2 b) => a.C0 == b.C0 && a.C1 == b.C1;

    public static bool operator !=(in Fq2 a, in Fq2 b) => !(a == b);

    public Fq2 Square()
    {
        var ab = C0 * C1;
        return new Fq2((C0 + C1) * (C0 - C1), ab + ab);
    }

    public Fq2 Double() => new(C0.Double(), C1.Double());

    /// <summary>Multiplication by ξ = 9 + u: (9a0 - a1) + (a0 + 9a1)u.</summary>
    public Fq2 MulByXi()
    {
        var a0x8 = C0.Double().Double().Double();
        var a1x8 = C1.Double().Double().Double();
        return new Fq2(a0x8 + C0 - C1, a1x8 + C1 + C0);
    }

    public Fq2 Conjugate() => new(C0, -C1);

    /// <summary>The p-power Frobenius map, which on Fq2 is conjugation.</summary>
    public Fq2 Frobenius(int power) => (power & 1) == 0 ? this : Conjugate();

    public Fq2 Inverse()
    {
        var t = (C0.Square() + C1.Square()).Inverse();
        return new Fq2(C0 * t, -(C1 * t));
    }

    /// <summary>this^e for an exponent given as little-endian 64-bit limbs.</summary>
    public Fq2 Pow(ReadOnlySpan<ulong> exponent)
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

    /// <summary>
    /// A square root, through the norm: if a = x², then N(a) = a0² + a1² = N(x)², and x0² = (a0 ± √N)/2.
    /// Returns false when there is none. Which of the two roots comes back is unspecified.
    /// </summary>
    public bool TrySqrt(out Fq2 root)
    {
        root = default;
        if (IsZero) return true;
        if (C1.IsZero)
        {
            // a0 is either a square in Fq (root in Fq) or its negation is (root in u·Fq, as u² = -1).
            if (C0.TrySqrt(out var r0))
            {
                root = new Fq2(r0, Fq.Zero);
                return true;
            }
            if ((-C0).TrySqrt(out var r1))
            {
                root = new Fq2(Fq.Zero, r1);
                return true;
            }
            return false;
        }
        if (!(C0.Square() + C1.Square()).TrySqrt(out var n)) return false;
        var candidate = (C0 + n) * Half;
        if (!candidate.TrySqrt(out var x0))
        {
            candidate = (C0 - n) * Half;
            if (!candidate.TrySqrt(out x0)) return false;
        }
        // x0 is non-zero here: x0 = 0 would force a1 = 0.
        var x1 = C1 * (x0.Double()).Inverse();
        var result = new Fq2(x0, x1);
        if (result.Square() != this) return false;
        root = result;
        return true;
    }

    /// <summary>arkworks' order on quadratic extension elements: by c1, then by c0 (canonical values).</summary>
    public int CompareCanonical(in Fq2 other)
    {
        int c = C1.CompareCanonical(other.C1);
        return c != 0 ? c : C0.CompareCanonical(other.C0);
    }

    public bool Equals(Fq2 other) => this == other;

    public override bool Equals(object? obj) => obj is Fq2 other && this == other;

    public override int GetHashCode() => HashCode.Combine(C0, C1);

    public override string ToString() => $"({C0}, {C1})";
}
