using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Stratus.Crypto.Tests;

public class Secp256r1Tests
{
    private static readonly Org.BouncyCastle.Asn1.X9.X9ECParameters Curve = SecNamedCurves.GetByName("secp256r1");

    // Firedancer src/ballet/secp256r1/test_secp256r1.c (test_secp256r1_verify, last case).
    private const string FdKey = "02d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae";
    private const string FdSignature = "a940d67c9560a47c5dafb45ab1f39eb68c8fac9b51fc8c4e30b1f0e63e4967d3586569a56364c3b03eefd421aa7fc750f6fa187210c3206c55602f96e0ecaa4d";

    [Fact]
    public void Constants_MatchTheCurveOrder()
    {
        Assert.Equal(Curve.N, new BcBigInteger(1, Secp256r1.Order.ToArray()));
        Assert.Equal(Curve.N.Subtract(BcBigInteger.One), new BcBigInteger(1, Secp256r1.OrderMinusOne.ToArray()));
        Assert.Equal(Curve.N.ShiftRight(1), new BcBigInteger(1, Secp256r1.HalfOrder.ToArray()));
    }

    [Fact]
    public void FiredancerVector_Verifies()
        => Assert.Equal(Secp256r1Result.Valid, Secp256r1.Verify(Hex.Decode(FdSignature), "hello"u8, Hex.Decode(FdKey)));

    [Fact]
    public void Decompress_AgreesWithBouncyCastle_ForBothParities()
    {
        var random = new Random(42);
        var x = new byte[32];
        var y = new byte[32];
        for (var i = 0; i < 40; i++)
        {
            var secret = new byte[32];
            random.NextBytes(secret);
            var point = Curve.G.Multiply(new BcBigInteger(1, secret).Mod(Curve.N)).Normalize();
            if (point.IsInfinity) continue;
            foreach (var p in new[] { point, point.Negate().Normalize() })
            {
                Assert.True(Secp256r1.TryDecompress(p.GetEncoded(true), x, y));
                Assert.Equal(p.AffineXCoord.GetEncoded(), x);
                Assert.Equal(p.AffineYCoord.GetEncoded(), y);
            }
        }
    }

    [Theory]
    [InlineData("04d8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")] // uncompressed tag at 33 bytes
    [InlineData("02ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")] // x = p
    [InlineData("02ffffffff00000001000000000000000000000001000000000000000000000004")] // x = 5 + p (5 is a valid x)
    [InlineData("02b8c82b3791c8b51cfe44aa50226217159596ca26e6075aaf8bf8be2d351b96ae")] // not on the curve
    [InlineData("030000000000000000000000000000000000000000000000000000000000000001")] // x = 1: x³ − 3x + b is a non-residue
    public void Decompress_RefusesWhatOpenSslRefuses(string encoding)
        => Assert.False(Secp256r1.TryDecompress(Hex.Decode(encoding), new byte[32], new byte[32]));

    [Fact]
    public void Decompress_AcceptsXZeroAndSmallX()
    {
        Assert.True(Secp256r1.TryDecompress(Hex.Decode("020000000000000000000000000000000000000000000000000000000000000000"), new byte[32], new byte[32]));
        Assert.True(Secp256r1.TryDecompress(Hex.Decode("030000000000000000000000000000000000000000000000000000000000000005"), new byte[32], new byte[32]));
        Assert.False(Secp256r1.TryDecompress(new byte[32], new byte[32], new byte[32]));
    }

    [Fact]
    public void RangeAndLengthChecks_NameTheRule()
    {
        var sig = Hex.Decode(FdSignature);
        var key = Hex.Decode(FdKey);
        Assert.Equal(Secp256r1Result.InvalidSignatureLength, Secp256r1.Verify(sig[..63], "hello"u8, key));
        Assert.Equal(Secp256r1Result.InvalidPublicKeyLength, Secp256r1.Verify(sig, "hello"u8, key[..32]));
        var zeroR = sig.ToArray();
        Array.Clear(zeroR, 0, 32);
        Assert.Equal(Secp256r1Result.ROutOfRange, Secp256r1.Verify(zeroR, "hello"u8, key));
        var highS = sig.ToArray();
        Curve.N.Subtract(new BcBigInteger(1, sig, 32, 32)).ToByteArrayUnsigned().CopyTo(highS, 32);
        Assert.Equal(Secp256r1Result.SOutOfRange, Secp256r1.Verify(highS, "hello"u8, key));
        Assert.Equal(Secp256r1Result.Mismatch, Secp256r1.Verify(sig, "hellO"u8, key));
        var badKey = key.ToArray();
        badKey[0] = 0x04;
        Assert.Equal(Secp256r1Result.InvalidPublicKey, Secp256r1.Verify(sig, "hello"u8, badKey));
    }

    [Fact]
    public void BouncyCastleLowSSignatures_Verify()
    {
        var domain = new ECDomainParameters(Curve.Curve, Curve.G, Curve.N, Curve.H);
        var random = new Random(7);
        for (var i = 0; i < 10; i++)
        {
            var secret = new byte[32];
            random.NextBytes(secret);
            var d = new BcBigInteger(1, secret).Mod(Curve.N.Subtract(BcBigInteger.One)).Add(BcBigInteger.One);
            var message = new byte[i * 17];
            random.NextBytes(message);
            var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
            signer.Init(true, new ECPrivateKeyParameters(d, domain));
            var rs = signer.GenerateSignature(System.Security.Cryptography.SHA256.HashData(message));
            var s = rs[1].CompareTo(Curve.N.ShiftRight(1)) > 0 ? Curve.N.Subtract(rs[1]) : rs[1];
            byte[] signature = [.. Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, rs[0]), .. Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, s)];
            var key = domain.G.Multiply(d).Normalize().GetEncoded(true);
            Assert.Equal(Secp256r1Result.Valid, Secp256r1.Verify(signature, message, key));
        }
    }
}
