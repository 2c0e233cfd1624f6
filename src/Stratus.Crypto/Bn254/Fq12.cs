using System.Numerics;

namespace Stratus.Crypto.Bn254;

/// <summary>
/// Fq12 = Fq6[w]/(w² - v): c0 + c1·w. As a polynomial in w over Fq2 (w⁶ = ξ) its coefficients are
/// w⁰: c0.c0, w¹: c1.c0, w²: c0.c1, w³: c1.c1, w⁴: c0.c2, w⁵: c1.c2.
/// </summary>
public readonly struct Fq12 : IEquatable<Fq12>
{
    public readonly Fq6 C0, C1;

    public Fq12(in Fq6 c0, in Fq6 c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fq12 One => new(Fq6.One, Fq6.Zero);

    public bool IsOne => C0.IsOne && C1.IsZero;

    public bool IsZero => C0.IsZero && C1.IsZero;

    public static Fq12 operator *(in Fq12 a, in Fq12 b)
    {
        var v0 = a.C0 * b.C0;
        var v1 = a.C1 * b.C1;
        return new Fq12(v0 + v1.MulByV(), (a.C0 + a.C1) * (b.C0 + b.C1) - v0 - v1);
    }

    public static bool operator ==(in Fq12 a, in Fq12 b) => a.C0 == b.C0 && a.C1 == b.C1;

    public static bool operator !=(in Fq12 a, in Fq12 b) => !(a == b);

    public Fq12 Square()
    {
        var ab = C0 * C1;
        var c0 = (C0 + C1) * (C0 + C1.MulByV()) - ab - ab.MulByV();
        return new Fq12(c0, ab + ab);
    }

    /// <summary>
    /// Squaring for elements of the cyclotomic subgroup (norm one over Fq6, as after the easy part of the
    /// final exponentiation), after Granger–Scott: view the element as a + b·w + c·w² over
    /// Fq4 = Fq2[t]/(t² - ξ) with t = w³, so a = g0 + g3·t, b = g1 + g4·t, c = g2 + g5·t; then
    /// a' = 3a² - 2ā, b' = 3t·c² + 2b̄, c' = 3b² - 2c̄ (ā the conjugate t ↦ -t). Three Fq4 squarings.
    /// </summary>
    public Fq12 CyclotomicSquare()
    {
        Fq4Square(C0.C0, C1.C1, out var a0, out var a1);
        Fq4Square(C1.C0, C0.C2, out var b0, out var b1);
        Fq4Square(C0.C1, C1.C2, out var c0, out var c1);
        var g0 = Triple(a0) - C0.C0.Double();
        var g3 = Triple(a1) + C1.C1.Double();
        var g1 = Triple(c1.MulByXi()) + C1.C0.Double();
        var g4 = Triple(c0) - C0.C2.Double();
        var g2 = Triple(b0) - C0.C1.Double();
        var g5 = Triple(b1) + C1.C2.Double();
        return new Fq12(new Fq6(g0, g2, g4), new Fq6(g1, g3, g5));
    }

    private static Fq2 Triple(in Fq2 x) => x.Double() + x;

    /// <summary>(x0 + x1·t)² with t² = ξ.</summary>
    private static void Fq4Square(in Fq2 x0, in Fq2 x1, out Fq2 r0, out Fq2 r1)
    {
        var t0 = x0.Square();
        var t1 = x1.Square();
        r0 = t1.MulByXi() + t0;
        r1 = (x0 + x1).Square() - t0 - t1;
    }

    /// <summary>c0 - c1·w: the p⁶-power Frobenius, and the inverse on the cyclotomic subgroup.</summary>
    public Fq12 Conjugate() => new(C0, -C1);

    public Fq12 Inverse()
    {
        var t = (C0.Square() - C1.Square().MulByV()).Inverse();
        return new Fq12(C0 * t, -(C1 * t));
    }

    /// <summary>
    /// Multiplication by a line value a + b·w + c·w³ (a, b, c in Fq2), i.e. the Fq12 element
    /// (a, 0, 0) + (b, c, 0)·w.
    /// </summary>
    public Fq12 MulByLine(in Fq2 a, in Fq2 b, in Fq2 c)
    {
        var v0 = C0 * a;
        var v1 = C1.MulBy01(b, c);
        var sum = (C0 + C1).MulBy01(a + b, c);
        return new Fq12(v0 + v1.MulByV(), sum - v0 - v1);
    }

    /// <summary>The p^power Frobenius map (power 1, 2 or 3).</summary>
    public Fq12 Frobenius(int power)
    {
        var g = FrobeniusCoefficients.Get(power);
        return new Fq12(
            new Fq6(C0.C0.Frobenius(power), C0.C1.Frobenius(power) * g[1], C0.C2.Frobenius(power) * g[3]),
            new Fq6(C1.C0.Frobenius(power) * g[0], C1.C1.Frobenius(power) * g[2], C1.C2.Frobenius(power) * g[4]));
    }

    /// <summary>this^e for an arbitrary non-negative exponent (square-and-multiply; slow, for tests and setup).</summary>
    public Fq12 Pow(BigInteger exponent)
    {
        var result = One;
        for (long bit = (long)exponent.GetBitLength() - 1; bit >= 0; bit--)
        {
            result = result.Square();
            if (!(exponent >> (int)bit).IsEven) result *= this;
        }
        return result;
    }

    public bool Equals(Fq12 other) => this == other;

    public override bool Equals(object? obj) => obj is Fq12 other && this == other;

    public override int GetHashCode() => HashCode.Combine(C0, C1);
}

/// <summary>
/// ξ^(i·(p^k - 1)/6) for i = 1..5 and k = 1..3: the factors the p^k Frobenius puts on the coefficient
/// of wⁱ, since (wⁱ)^(p^k) = wⁱ·(w⁶)^(i(p^k-1)/6). Computed once from ξ rather than tabulated.
/// </summary>
internal static class FrobeniusCoefficients
{
    private static readonly Fq2[][] Table = Build();

    /// <summary>Entry [i-1] is the factor for wⁱ.</summary>
    public static Fq2[] Get(int power) => Table[power - 1];

    private static Fq2[][] Build()
    {
        var p = Bn254Constants.FieldModulus;
        var table = new Fq2[3][];
        var pk = BigInteger.One;
        for (int k = 1; k <= 3; k++)
        {
            pk *= p;
            var gamma1 = Fq2.Xi.Pow(Bn254Constants.ToLimbs((pk - 1) / 6));
            var row = new Fq2[5];
            row[0] = gamma1;
            for (int i = 1; i < 5; i++) row[i] = row[i - 1] * gamma1;
            table[k - 1] = row;
        }
        return table;
    }
}
