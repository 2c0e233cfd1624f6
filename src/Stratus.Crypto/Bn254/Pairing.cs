using System.Numerics;
namespace Stratus.Crypto.Bn254;

/// <summary>
/// The optimal ate pairing on BN254: a Miller loop over 6x+2 (signed digits) with the two Frobenius
/// correction lines, then the final exponentiation to the power (p¹² - 1)/r.
/// </summary>
/// <remarks>
/// Line functions are evaluated with G2 points on the D-type twist, untwisted by (x, y) ↦ (x·w², y·w³).
/// Each line is scaled by a non-zero element of Fq2 to avoid inversions; the final exponentiation
/// (a multiple of p⁶ - 1) sends such factors to one, so the pairing value is unchanged.
/// </remarks>
public static class Bn254Pairing
{
    /// <summary>Signed binary digits of 6x + 2, least significant first.</summary>
    private static readonly sbyte[] LoopDigits = Naf(6 * new BigInteger(Bn254Constants.X) + 2);

    /// <summary>Whether ∏ e(Pᵢ, Qᵢ) = 1; pairs with an identity element contribute one and are skipped.</summary>
    public static bool ProductIsOne(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Affine> qs) =>
        FinalExponentiation(MillerLoop(ps, qs)).IsOne;

    /// <summary>∏ e(Pᵢ, Qᵢ) in the order-r subgroup of Fq12*.</summary>
    public static Fq12 Pair(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Affine> qs) => FinalExponentiation(MillerLoop(ps, qs));

    public static Fq12 MillerLoop(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Affine> qs)
    {
        if (ps.Length != qs.Length) throw new ArgumentException("P and Q counts differ", nameof(qs));
        int n = 0;
        for (int i = 0; i < ps.Length; i++)
        {
            if (!ps[i].IsInfinity && !qs[i].IsInfinity) n++;
        }
        if (n == 0) return Fq12.One;

        var p = n <= 4 ? stackalloc G1Affine[n] : new G1Affine[n];
        var q = n <= 4 ? stackalloc G2Affine[n] : new G2Affine[n];
        var t = n <= 4 ? stackalloc G2Jacobian[n] : new G2Jacobian[n];
        for (int i = 0, k = 0; i < ps.Length; i++)
        {
            if (ps[i].IsInfinity || qs[i].IsInfinity) continue;
            p[k] = ps[i];
            q[k] = qs[i];
            t[k] = qs[i].ToJacobian();
            k++;
        }

        var f = Fq12.One;
        for (int j = LoopDigits.Length - 2; j >= 0; j--)
        {
            f = f.Square();
            for (int k = 0; k < n; k++) f = DoubleStep(ref t[k], p[k], f);
            int digit = LoopDigits[j];
            if (digit == 0) continue;
            for (int k = 0; k < n; k++)
            {
                var addend = digit > 0 ? q[k] : q[k].Negate();
                f = AddStep(ref t[k], addend, p[k], f);
            }
        }

        var g1 = FrobeniusCoefficients.Get(1);
        var g2 = FrobeniusCoefficients.Get(2);
        for (int k = 0; k < n; k++)
        {
            // π(Q) and -π²(Q) on the twist: (x^p·ξ^((p-1)/3), y^p·ξ^((p-1)/2)), and the p² analogue.
            var q1 = new G2Affine(q[k].X.Conjugate() * g1[1], q[k].Y.Conjugate() * g1[2]);
            var q2 = new G2Affine(q[k].X * g2[1], -(q[k].Y * g2[2]));
            f = AddStep(ref t[k], q1, p[k], f);
            f = AddStep(ref t[k], q2, p[k], f);
        }
        return f;
    }

    /// <summary>
    /// T ← 2T and f·ℓ(P) for the tangent at T, scaled by 2Y·Z³:
    /// ℓ = 2YZ³·yP − 3X²Z²·xP·w + (3X³ − 2Y²)·w³.
    /// </summary>
    private static Fq12 DoubleStep(ref G2Jacobian t, in G1Affine p, in Fq12 f)
    {
        var a = t.X.Square();
        var b = t.Y.Square();
        var c = b.Square();
        var d = ((t.X + b).Square() - a - c).Double();
        var e = a.Double() + a;
        var zz = t.Z.Square();
        var x3 = e.Square() - d.Double();
        var y3 = e * (d - x3) - c.Double().Double().Double();
        var z3 = (t.Y * t.Z).Double();

        var l0 = z3 * zz * p.Y;
        var l1 = -(e * zz * p.X);
        var l3 = e * t.X - b.Double();
        t = new G2Jacobian(x3, y3, z3);
        return f.MulByLine(l0, l1, l3);
    }

    /// <summary>
    /// T ← T + Q (Q affine) and f·ℓ(P) for the line through T and Q, scaled by Z·H (the new Z):
    /// ℓ = Z₃·yP − R·xP·w + (R·xQ − yQ·Z₃)·w³ with H = xQ·Z² − X, R = yQ·Z³ − Y.
    /// </summary>
    private static Fq12 AddStep(ref G2Jacobian t, in G2Affine q, in G1Affine p, in Fq12 f)
    {
        var zz = t.Z.Square();
        var u2 = q.X * zz;
        var s2 = q.Y * t.Z * zz;
        var h = u2 - t.X;
        var r = s2 - t.Y;
        var hh = h.Square();
        var hhh = h * hh;
        var v = t.X * hh;
        var x3 = r.Square() - hhh - v.Double();
        var y3 = r * (v - x3) - t.Y * hhh;
        var z3 = t.Z * h;

        var l0 = z3 * p.Y;
        var l1 = -(r * p.X);
        var l3 = r * q.X - q.Y * z3;
        t = new G2Jacobian(x3, y3, z3);
        return f.MulByLine(l0, l1, l3);
    }

    /// <summary>
    /// f^((p¹² - 1)/r): the easy part f^((p⁶ - 1)(p² + 1)) with a conjugate, an inverse and a Frobenius,
    /// then the hard part (p⁴ - p² + 1)/r written in base p with coefficients in x (Devegili–Scott–Dahab),
    /// computed with three exponentiations by x.
    /// </summary>
    public static Fq12 FinalExponentiation(in Fq12 f)
    {
        var t1 = f.Conjugate() * f.Inverse();
        t1 *= t1.Frobenius(2);

        var fp = t1.Frobenius(1);
        var fp2 = t1.Frobenius(2);
        var fp3 = fp2.Frobenius(1);
        var fu = ExpByX(t1);
        var fu2 = ExpByX(fu);
        var fu3 = ExpByX(fu2);

        var y0 = fp * fp2 * fp3;
        var y1 = t1.Conjugate();
        var y2 = fu2.Frobenius(2);
        var y3 = fu.Frobenius(1).Conjugate();
        var y4 = (fu * fu2.Frobenius(1)).Conjugate();
        var y5 = fu2.Conjugate();
        var y6 = (fu3 * fu3.Frobenius(1)).Conjugate();

        var t0 = y6.Square() * y4 * y5;
        var s = y3 * y5 * t0;
        t0 *= y2;
        s = s.Square() * t0;
        s = s.Square();
        t0 = s * y1;
        s *= y0;
        t0 = t0.Square();
        return t0 * s;
    }

    private static readonly sbyte[] XDigits = Naf(new BigInteger(Bn254Constants.X));

    /// <summary>
    /// f^x for f in the cyclotomic subgroup (where the conjugate is the inverse), over the signed digits
    /// of the BN parameter x with cyclotomic squarings.
    /// </summary>
    private static Fq12 ExpByX(in Fq12 f)
    {
        var inverse = f.Conjugate();
        var result = f;
        for (int i = XDigits.Length - 2; i >= 0; i--)
        {
            result = result.CyclotomicSquare();
            if (XDigits[i] > 0) result *= f;
            else if (XDigits[i] < 0) result *= inverse;
        }
        return result;
    }

    internal static sbyte[] Naf(BigInteger n)
    {
        var digits = new List<sbyte>();
        while (n > 0)
        {
            if (!n.IsEven)
            {
                int d = 2 - (int)(n % 4);
                digits.Add((sbyte)d);
                n -= d;
            }
            else
            {
                digits.Add(0);
            }
            n >>= 1;
        }
        return digits.ToArray();
    }
}
