using System.Numerics;
using Stratus.Crypto.Bn254;
using Fq = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FqModulus>;

namespace Stratus.Crypto.Tests.Bn254;

public class PairingTests
{
    private static readonly BigInteger P = Bn254Constants.FieldModulus;
    private static readonly BigInteger R = Bn254Constants.ScalarModulus;

    /// <summary>The G1 generator (1, 2) and the EIP-197 G2 generator.</summary>
    internal static G1Affine G1Generator => new(Fq.FromUInt64(1), Fq.FromUInt64(2));

    internal static G2Affine G2Generator
    {
        get
        {
            var bytes = Hex.Decode(
                "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed" +
                "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa");
            Assert.True(ArkworksEncoding.TryReadG2(bytes, validate: true, out var q));
            return q;
        }
    }

    private static G1Affine Mul(in G1Affine p, BigInteger k) => p.ToJacobian().Multiply(Bn254Constants.ToLimbs(k)).ToAffine();

    private static G2Affine Mul(in G2Affine q, BigInteger k) => q.ToJacobian().Multiply(Bn254Constants.ToLimbs(k)).ToAffine();

    [Fact]
    public void Generators_are_on_their_curves_and_have_order_r()
    {
        Assert.True(G1Generator.IsOnCurve);
        Assert.True(G2Generator.IsOnCurve);
        Assert.True(G2Generator.IsInSubgroup);
        Assert.True(G1Generator.ToJacobian().Multiply(Bn254Constants.ScalarModulusLimbs).IsInfinity);
        Assert.False(Mul(G1Generator, R - 1).IsInfinity);
        Assert.Equal(G1Generator.Negate().Y, Mul(G1Generator, R - 1).Y);
    }

    [Fact]
    public void Final_exponentiation_equals_the_plain_power()
    {
        var rng = new Random(2);
        var f = FieldArithmeticTests.RandomFq12(rng);
        var expected = f.Pow((BigInteger.Pow(P, 12) - 1) / R);
        Assert.Equal(expected, Bn254Pairing.FinalExponentiation(f));
    }

    [Fact]
    public void Cyclotomic_squaring_matches_squaring_on_the_cyclotomic_subgroup()
    {
        var rng = new Random(6);
        var f = FieldArithmeticTests.RandomFq12(rng);
        var g = f.Conjugate() * f.Inverse();
        g *= g.Frobenius(2);
        Assert.Equal(g.Square(), g.CyclotomicSquare());
        Assert.Equal(g.Square().Square(), g.CyclotomicSquare().CyclotomicSquare());
    }

    [Fact]
    public void Mixed_addition_matches_general_addition()
    {
        var q = Mul(G2Generator, 5).ToJacobian();
        var a = Mul(G2Generator, 7);
        Assert.Equal(q.Add(a.ToJacobian()).ToAffine().X, q.AddAffine(a).ToAffine().X);
        Assert.Equal(q.Add(a.ToJacobian()).ToAffine().Y, q.AddAffine(a).ToAffine().Y);
        var five = Mul(G2Generator, 5);
        Assert.Equal(q.Double().ToAffine().X, q.AddAffine(five).ToAffine().X);
        Assert.True(q.AddAffine(five.Negate()).IsInfinity);
    }

    [Fact]
    public void Pairing_is_bilinear_and_non_degenerate()
    {
        var e = Bn254Pairing.Pair([G1Generator], [G2Generator]);
        Assert.False(e.IsOne);
        Assert.True(e.Pow(R).IsOne);
        BigInteger a = BigInteger.Parse("1234567890123456789012345678901234567890");
        BigInteger b = BigInteger.Parse("987654321987654321987654321");
        var eab = Bn254Pairing.Pair([Mul(G1Generator, a)], [Mul(G2Generator, b)]);
        Assert.Equal(e.Pow(a * b % R), eab);
        var eba = Bn254Pairing.Pair([Mul(G1Generator, a * b % R)], [G2Generator]);
        Assert.Equal(eab, eba);
        // e(aP, Q)·e(-P, aQ) = 1, and the product over several pairs is the product of pairings.
        Assert.True(Bn254Pairing.ProductIsOne([Mul(G1Generator, a), G1Generator.Negate()], [G2Generator, Mul(G2Generator, a)]));
        Assert.False(Bn254Pairing.ProductIsOne([Mul(G1Generator, a), G1Generator], [G2Generator, Mul(G2Generator, a)]));
        Assert.Equal(e * eab, Bn254Pairing.Pair([G1Generator, Mul(G1Generator, a)], [G2Generator, Mul(G2Generator, b)]));
    }

    [Fact]
    public void Identity_pairs_are_skipped()
    {
        Assert.True(Bn254Pairing.ProductIsOne([], []));
        Assert.True(Bn254Pairing.ProductIsOne([G1Affine.Infinity], [G2Generator]));
        Assert.True(Bn254Pairing.ProductIsOne([G1Generator], [G2Affine.Infinity]));
    }

    [Fact]
    public void Twist_points_outside_the_subgroup_are_detected()
    {
        int found = 0;
        for (ulong i = 1; found < 3 && i < 100; i++)
        {
            var x = new Fq2(Fq.FromUInt64(i), Fq.FromUInt64(1));
            if (!(x.Square() * x + Bn254Constants.G2B).TrySqrt(out var y)) continue;
            var q = new G2Affine(x, y);
            Assert.True(q.IsOnCurve);
            Assert.False(q.IsInSubgroup);
            found++;
        }
        Assert.Equal(3, found);
    }
}
