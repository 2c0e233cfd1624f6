using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Math;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Stratus.Crypto.Tests;

public class Secp256k1Tests
{
    private static readonly Org.BouncyCastle.Asn1.X9.X9ECParameters Curve = SecNamedCurves.GetByName("secp256k1");
    private static readonly BigInteger N = Curve.N;
    private static readonly BigInteger P = Curve.Curve.Field.Characteristic;

    // Agave programs/sbf/rust/secp256k1_recover: test_secp256k1_recover.
    private const string AgaveHash = "dea566b6943be0e96253c2215b1bac69e7a81edb41c5028b4f5c45c53b4954d0";
    private const string AgaveSignature = "97a4ee31fe8265729f4aa67d24d4a727f8c315a4c8f980eb4c4d4afa6ec942415d10d9c28a90e9929c524b2cfb65dfbcf68cfd68db17f95d235f96d8f072012d";
    private const string AgaveExpected = "42cd27e40fdf7c970aa2ca0b885b960f8b628a41a181e7e68e03ea0b8420589b3206bd662f7565d69dbd1d34296ad93538ed869e992043c3ebad6550a0116e5d";

    // Agave programs/sbf/rust/secp256k1_recover: test_secp256k1_recover_malleability (keccak256("hello world")).
    private const string MalleableSignature = "9392c46c42f6317381d4b244e92ffce3f457dd50b3a520263be7ef8ab069bbde2f901293d73fa0290c464b97c500adea6a644dc38d2524ef976dc6d71d9f5a26";
    private const string MalleableExpected = "9bee7c1834e018217b40149b842efa8096001a9b17880180a8469909e9c4736e390b94009768c228b555d30c0c4243c1eea50dc04862d3aeb03da220ac1185ee";

    [Fact]
    public void AgaveSyscallVector()
    {
        var key = new byte[64];
        Assert.Equal(Secp256k1RecoverError.Success, Secp256k1.Recover(Hex.Decode(AgaveHash), 1, Hex.Decode(AgaveSignature), key));
        Assert.Equal(AgaveExpected, Hex.Encode(key));
    }

    [Fact]
    public void HighSIsAcceptedWithFlippedRecoveryId()
    {
        var hash = Keccak256.Hash("hello world"u8);
        var sig = Hex.Decode(MalleableSignature);
        var key = new byte[64];
        Assert.Equal(Secp256k1RecoverError.Success, Secp256k1.Recover(hash, 0, sig, key));
        Assert.Equal(MalleableExpected, Hex.Encode(key));

        var highS = N.Subtract(new BigInteger(1, sig, 32, 32));
        Assert.True(highS.CompareTo(N.ShiftRight(1)) > 0);
        var alt = Concat(sig[..32], To32(highS));
        Assert.Equal(Secp256k1RecoverError.Success, Secp256k1.Recover(hash, 1, alt, key));
        Assert.Equal(MalleableExpected, Hex.Encode(key));
    }

    [Fact]
    public void SignAndRecoverAgreesWithBouncyCastleKeyDerivation()
    {
        var rng = new Random(5);
        for (var i = 0; i < 20; i++)
        {
            var secret = new byte[32];
            rng.NextBytes(secret);
            secret[0] &= 0x7f; // below n
            var hash = new byte[32];
            rng.NextBytes(hash);
            var sig = new byte[64];
            Assert.True(Secp256k1.SignRecoverable(hash, secret, sig, out var recid));
            var recovered = new byte[64];
            Assert.Equal(Secp256k1RecoverError.Success, Secp256k1.Recover(hash, (ulong)recid, sig, recovered));
            var q = Curve.G.Multiply(new BigInteger(1, secret)).Normalize();
            Assert.Equal(Concat(To32(q.AffineXCoord.ToBigInteger()), To32(q.AffineYCoord.ToBigInteger())), recovered);
            var derived = new byte[64];
            Assert.True(Secp256k1.DerivePublicKey(secret, derived));
            Assert.Equal(recovered, derived);
        }
    }

    [Fact]
    public void PrivateKeyOneIsTheGenerator()
    {
        var one = new byte[32];
        one[31] = 1;
        var key = new byte[64];
        Assert.True(Secp256k1.DerivePublicKey(one, key));
        Assert.Equal("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8", Hex.Encode(key));
    }

    [Fact]
    public void EthereumAddressOfPrivateKeyOne()
    {
        // The well-known address of secret key 1.
        var one = new byte[32];
        one[31] = 1;
        var key = new byte[64];
        Assert.True(Secp256k1.DerivePublicKey(one, key));
        var address = new byte[20];
        Secp256k1.EthereumAddress(key, address);
        Assert.Equal("7e5f4552091a69125d5dfcb7b8c2659029395bdf", Hex.Encode(address));
        Assert.Throws<ArgumentException>(() => Secp256k1.EthereumAddress(key[..63], address));
    }

    /// <summary>Recovery against a from-the-definition BouncyCastle computation, including ids 2 and 3 and off-curve x.</summary>
    [Fact]
    public void RecoveryMatchesDefinitionOnRandomAndEdgeInputs()
    {
        var rng = new Random(6);
        var cases = new List<(byte[] Hash, int Recid, byte[] Sig)>();
        for (var i = 0; i < 40; i++)
        {
            var hash = new byte[32];
            var sig = new byte[64];
            rng.NextBytes(hash);
            rng.NextBytes(sig);
            sig[0] &= 0x7f;
            sig[32] &= 0x7f;
            cases.Add((hash, i % 4, sig));
        }
        // Small r: some x = r are not on the curve; ids 2/3 with r + n < p are legal.
        for (var r = 1; r <= 12; r++)
        for (var recid = 0; recid < 4; recid++)
            cases.Add((Enumerable.Repeat((byte)0xff, 32).ToArray(), recid, Concat(To32(BigInteger.ValueOf(r)), To32(BigInteger.ValueOf(77)))));
        // r ≥ p − n with ids 2/3: x = r + n would be ≥ p.
        cases.Add((new byte[32], 2, Concat(To32(P.Subtract(N)), To32(BigInteger.ValueOf(5)))));
        cases.Add((new byte[32], 3, Concat(To32(BigInteger.One.ShiftLeft(200)), To32(BigInteger.ValueOf(5)))));

        var seenFailure = false;
        var seenHighId = false;
        foreach (var (hash, recid, sig) in cases)
        {
            var expected = DefinitionRecover(hash, recid, sig);
            var key = new byte[64];
            var result = Secp256k1.Recover(hash, (ulong)recid, sig, key);
            if (expected is null)
            {
                Assert.Equal(Secp256k1RecoverError.InvalidSignature, result);
                seenFailure = true;
            }
            else
            {
                Assert.Equal(Secp256k1RecoverError.Success, result);
                Assert.Equal(expected, key);
                seenHighId |= recid >= 2;
            }
        }
        Assert.True(seenFailure);
        Assert.True(seenHighId);
    }

    [Fact]
    public void ZeroAndOverflowingScalarsAreInvalidSignatures()
    {
        var hash = Hex.Decode(AgaveHash);
        var sig = Hex.Decode(AgaveSignature);
        var key = new byte[64];
        var zero = new byte[32];
        Assert.Equal(Secp256k1RecoverError.InvalidSignature, Secp256k1.Recover(hash, 1, Concat(zero, sig[32..]), key));
        Assert.Equal(Secp256k1RecoverError.InvalidSignature, Secp256k1.Recover(hash, 1, Concat(sig[..32], zero), key));
        Assert.Equal(Secp256k1RecoverError.InvalidSignature, Secp256k1.Recover(hash, 1, Concat(To32(N), sig[32..]), key));
        Assert.Equal(Secp256k1RecoverError.InvalidSignature, Secp256k1.Recover(hash, 1, Concat(sig[..32], To32(N)), key));
        Assert.Equal(Secp256k1RecoverError.InvalidSignature, Secp256k1.Recover(hash, 1, Concat(sig[..32], Enumerable.Repeat((byte)0xff, 32).ToArray()), key));
        // r = n − 1 and s = n − 1 are in range.
        var nMinus1 = To32(N.Subtract(BigInteger.One));
        var expected = DefinitionRecover(hash, 0, Concat(nMinus1, nMinus1));
        Assert.Equal(expected is null ? Secp256k1RecoverError.InvalidSignature : Secp256k1RecoverError.Success,
            Secp256k1.Recover(hash, 0, Concat(nMinus1, nMinus1), key));
    }

    [Fact]
    public void HashIsReducedNotRejected()
    {
        var key = new byte[64];
        var allOnes = Enumerable.Repeat((byte)0xff, 32).ToArray();
        Assert.Equal(Secp256k1RecoverError.Success, Secp256k1.Recover(allOnes, 1, Hex.Decode(AgaveSignature), key));
        Assert.Equal(DefinitionRecover(allOnes, 1, Hex.Decode(AgaveSignature)), key);
        Assert.Equal(Secp256k1RecoverError.Success, Secp256k1.Recover(new byte[32], 1, Hex.Decode(AgaveSignature), key));
    }

    [Theory]
    [InlineData(4UL)]
    [InlineData(255UL)]
    [InlineData(256UL)]
    [InlineData(ulong.MaxValue)]
    public void RecoveryIdOutOfRange(ulong recid)
    {
        var key = new byte[64];
        Assert.Equal(Secp256k1RecoverError.InvalidRecoveryId, Secp256k1.Recover(Hex.Decode(AgaveHash), recid, Hex.Decode(AgaveSignature), key));
    }

    [Fact]
    public void WrongLengthsInAgaveOrder()
    {
        var key = new byte[64];
        var hash = Hex.Decode(AgaveHash);
        var sig = Hex.Decode(AgaveSignature);
        Assert.Equal(Secp256k1RecoverError.InvalidHash, Secp256k1.Recover(hash[..31], 1, sig, key));
        Assert.Equal(Secp256k1RecoverError.InvalidHash, Secp256k1.Recover([.. hash, 0], 9, sig[..3], key));
        Assert.Equal(Secp256k1RecoverError.InvalidRecoveryId, Secp256k1.Recover(hash, 9, sig[..3], key));
        Assert.Equal(Secp256k1RecoverError.InvalidSignature, Secp256k1.Recover(hash, 1, sig[..63], key));
        Assert.Equal(Secp256k1RecoverError.InvalidSignature, Secp256k1.Recover(hash, 1, [.. sig, 0], key));
        Assert.Throws<ArgumentException>(() => Secp256k1.Recover(hash, 1, sig, new byte[63]));
    }

    private static byte[]? DefinitionRecover(byte[] hash, int recid, byte[] sig)
    {
        var r = new BigInteger(1, sig, 0, 32);
        var s = new BigInteger(1, sig, 32, 32);
        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(N) >= 0 || s.CompareTo(N) >= 0) return null;
        var x = recid >= 2 ? r.Add(N) : r;
        if (x.CompareTo(P) >= 0) return null;
        Org.BouncyCastle.Math.EC.ECPoint rPoint;
        try
        {
            rPoint = Curve.Curve.DecodePoint([(byte)((recid & 1) == 1 ? 0x03 : 0x02), .. To32(x)]);
        }
        catch (ArgumentException)
        {
            return null; // x is not the abscissa of a curve point
        }
        var e = new BigInteger(1, hash).Mod(N);
        var rInv = r.ModInverse(N);
        var q = rPoint.Multiply(s).Subtract(Curve.G.Multiply(e)).Multiply(rInv).Normalize();
        if (q.IsInfinity) return null;
        return Concat(To32(q.AffineXCoord.ToBigInteger()), To32(q.AffineYCoord.ToBigInteger()));
    }

    private static byte[] To32(BigInteger value)
    {
        var bytes = value.ToByteArrayUnsigned();
        var output = new byte[32];
        bytes.CopyTo(output, 32 - bytes.Length);
        return output;
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
