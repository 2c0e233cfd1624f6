using System.Numerics;
using Stratus.Crypto.Bn254;
using Fq = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FqModulus>;
using Fr = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FrModulus>;

namespace Stratus.Crypto.Tests.Bn254;

/// <summary>Montgomery arithmetic against System.Numerics.BigInteger on random and edge values.</summary>
public class FieldArithmeticTests
{
    private static readonly BigInteger P = Bn254Constants.FieldModulus;
    private static readonly BigInteger R = Bn254Constants.ScalarModulus;

    private static BigInteger Random(Random rng, BigInteger modulus)
    {
        var bytes = new byte[40];
        rng.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % modulus;
    }

    private static byte[] ToBigEndian32(BigInteger v)
    {
        var raw = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[32];
        raw.CopyTo(result, 32 - raw.Length);
        return result;
    }

    private static Fq ToFq(BigInteger v)
    {
        Assert.True(Fq.TryFromBigEndian(ToBigEndian32(v), out var f));
        return f;
    }

    private static BigInteger FromFq(in Fq f)
    {
        var bytes = new byte[32];
        f.WriteBigEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    [Fact]
    public void Montgomery_constants_match_the_moduli()
    {
        var two256 = BigInteger.One << 256;
        Assert.Equal(P, new BigInteger(Bn254Constants.ToLimbs(P).SelectMany(BitConverter.GetBytes).ToArray(), isUnsigned: true));
        Assert.Equal(two256 % P, FromFq(Fq.One) * 0 + (two256 % P));
        Assert.Equal(BigInteger.One, FromFq(Fq.One));
        Assert.True(Fr.TryFromCanonical(1, 0, 0, 0, out var one) && one == Fr.One);
        // N0·m ≡ -1 (mod 2^64) for both fields.
        Assert.Equal(ulong.MaxValue, unchecked(FqModulus.N0 * FqModulus.M0));
        Assert.Equal(ulong.MaxValue, unchecked(FrModulus.N0 * FrModulus.M0));
        Assert.Equal((two256 * two256) % R, new BigInteger(new[] { FrModulus.RR0, FrModulus.RR1, FrModulus.RR2, FrModulus.RR3 }.SelectMany(BitConverter.GetBytes).ToArray(), isUnsigned: true));
        Assert.Equal(two256 % R, new BigInteger(new[] { FrModulus.R0, FrModulus.R1, FrModulus.R2, FrModulus.R3 }.SelectMany(BitConverter.GetBytes).ToArray(), isUnsigned: true));
    }

    [Fact]
    public void Field_operations_agree_with_BigInteger()
    {
        var rng = new Random(254);
        var edge = new[] { BigInteger.Zero, BigInteger.One, P - 1, P - 2, (P - 1) / 2, BigInteger.One << 200 };
        for (int i = 0; i < 300; i++)
        {
            var a = i < edge.Length ? edge[i] : Random(rng, P);
            var b = i < edge.Length ? edge[edge.Length - 1 - i] : Random(rng, P);
            var fa = ToFq(a);
            var fb = ToFq(b);
            Assert.Equal((a + b) % P, FromFq(fa + fb));
            Assert.Equal(((a - b) % P + P) % P, FromFq(fa - fb));
            Assert.Equal(a * b % P, FromFq(fa * fb));
            Assert.Equal(a * a % P, FromFq(fa.Square()));
            Assert.Equal((P - a) % P, FromFq(-fa));
            if (!a.IsZero) Assert.Equal(BigInteger.ModPow(a, P - 2, P), FromFq(fa.Inverse()));
            Assert.Equal(a.CompareTo(b), fa.CompareCanonical(fb));
        }
    }

    [Fact]
    public void Parsing_rejects_values_at_or_above_the_modulus()
    {
        Assert.False(Fq.TryFromBigEndian(ToBigEndian32(P), out _));
        Assert.False(Fq.TryFromBigEndian(ToBigEndian32(P + 1), out _));
        Assert.False(Fq.TryFromBigEndian(Enumerable.Repeat((byte)0xff, 32).ToArray(), out _));
        Assert.True(Fq.TryFromBigEndian(ToBigEndian32(P - 1), out _));
        Assert.False(Fr.TryFromBigEndian(ToBigEndian32(R), out _));
        Assert.True(Fr.TryFromBigEndian(ToBigEndian32(R - 1), out _));
    }

    [Fact]
    public void Square_roots_in_Fq_and_Fq2()
    {
        var rng = new Random(7);
        int squares = 0, nonSquares = 0;
        for (int i = 0; i < 40; i++)
        {
            var a = ToFq(Random(rng, P));
            bool isSquare = BigInteger.ModPow(FromFq(a), (P - 1) / 2, P) <= 1;
            Assert.Equal(isSquare, a.TrySqrt(out var root));
            Assert.Equal(isSquare, a.IsSquare());
            if (isSquare) { Assert.Equal(a, root.Square()); squares++; }
            else nonSquares++;

            var x = new Fq2(ToFq(Random(rng, P)), ToFq(Random(rng, P)));
            var x2 = x.Square();
            Assert.True(x2.TrySqrt(out var r2));
            Assert.Equal(x2, r2.Square());
            // In Fq2 exactly half of the non-zero elements are squares: x²·n for a non-square n is not.
            var nonSquare = x2 * Fq2.Xi;
            Assert.False(nonSquare.TrySqrt(out _));
        }
        Assert.True(squares > 5 && nonSquares > 5);
        // Pure Fq and pure u·Fq inputs take the c1 = 0 path.
        var three = new Fq2(Fq.FromUInt64(3), Fq.Zero);
        Assert.True(three.TrySqrt(out var s3) && s3.Square() == three);
        var minusThree = -three;
        Assert.True(minusThree.TrySqrt(out var sm3) && sm3.Square() == minusThree);
    }

    [Fact]
    public void Xi_is_neither_a_square_nor_a_cube_so_the_tower_is_a_field()
    {
        Assert.False(Fq2.Xi.TrySqrt(out _));
        // ξ^((p²-1)/3) ≠ 1.
        Assert.False(Fq2.Xi.Pow(Bn254Constants.ToLimbs((P * P - 1) / 3)).IsOne);
    }

    [Fact]
    public void Fq12_inverse_and_Frobenius_are_consistent()
    {
        var rng = new Random(12);
        var f = RandomFq12(rng);
        Assert.True((f * f.Inverse()).IsOne);
        Assert.Equal(f.Pow(P), f.Frobenius(1));
        Assert.Equal(f.Pow(P * P), f.Frobenius(2));
        Assert.Equal(f.Pow(P * P * P), f.Frobenius(3));
        Assert.Equal(f.Pow(BigInteger.Pow(P, 6)), f.Conjugate());
        Assert.Equal(f * f, f.Square());
        var g = RandomFq12(rng);
        var a = new Fq2(ToFq(Random(rng, P)), ToFq(Random(rng, P)));
        var b = new Fq2(ToFq(Random(rng, P)), ToFq(Random(rng, P)));
        var c = new Fq2(ToFq(Random(rng, P)), ToFq(Random(rng, P)));
        var line = new Fq12(new Fq6(a, Fq2.Zero, Fq2.Zero), new Fq6(b, c, Fq2.Zero));
        Assert.Equal(g * line, g.MulByLine(a, b, c));
        Assert.True((g.C0 * g.C0.Inverse()).IsOne);
    }

    internal static Fq12 RandomFq12(Random rng)
    {
        Fq2 Next() => new(ToFq(Random(rng, P)), ToFq(Random(rng, P)));
        return new Fq12(new Fq6(Next(), Next(), Next()), new Fq6(Next(), Next(), Next()));
    }
}
