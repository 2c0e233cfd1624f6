using Stratus.Crypto.Bn254;

namespace Stratus.Crypto.Tests.Bn254;

/// <summary>
/// Input rules solana-bn254 2.2 inherits from arkworks 0.4's canonical deserialization: field elements
/// below p, the two flag bits in the top byte of y (bit 7 ignored when uncompressed, bit 6 means the
/// point at infinity, both is an error), curve and subgroup checks; plus its length rules.
/// </summary>
public class AltBn128EncodingTests
{
    private const string P = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
    private const string G1 = "0000000000000000000000000000000000000000000000000000000000000001" + "0000000000000000000000000000000000000000000000000000000000000002";
    private const string G1Double = "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3" + "15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
    private const string G2 = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";

    private static (AltBn128Error Error, string Output) Add(string hex)
    {
        var output = new byte[64];
        var error = AltBn128.Add(Hex.Decode(hex), output);
        return (error, Hex.Encode(output));
    }

    private static (AltBn128Error Error, string Output) Pair(string hex)
    {
        var output = new byte[32];
        var error = AltBn128.Pairing(Hex.Decode(hex), output);
        return (error, Hex.Encode(output));
    }

    private static string WithTopByte(string hex32, byte bits) => (Convert.ToByte(hex32[..2], 16) | bits).ToString("x2") + hex32[2..];

    [Fact]
    public void Generator_doubles()
    {
        Assert.Equal((AltBn128Error.None, G1Double), Add(G1 + G1));
        Assert.Equal((AltBn128Error.None, G1), Add(G1));
    }

    [Fact]
    public void Bit_7_of_y_is_dropped()
    {
        var flagged = G1[..64] + WithTopByte(G1[64..], 0x80);
        Assert.Equal((AltBn128Error.None, G1Double), Add(flagged + G1));
    }

    [Fact]
    public void Bit_6_of_y_makes_the_point_infinity_whatever_x_is()
    {
        var infinity = "0000000000000000000000000000000000000000000000000000000000000005" + WithTopByte(G1[64..], 0x40);
        Assert.Equal((AltBn128Error.None, G1), Add(infinity + G1));
        Assert.Equal((AltBn128Error.None, new string('0', 128)), Add(infinity));
    }

    [Fact]
    public void Both_flag_bits_are_invalid()
    {
        var both = G1[..64] + WithTopByte(G1[64..], 0xC0);
        Assert.Equal(AltBn128Error.InvalidInputData, Add(both).Error);
    }

    [Fact]
    public void Coordinates_at_or_above_p_are_invalid()
    {
        Assert.Equal(AltBn128Error.InvalidInputData, Add(P + G1[64..]).Error);
        Assert.Equal(AltBn128Error.InvalidInputData, Add(G1[..64] + P).Error);
        // y = p - 2 + p would be -2 mod p but is out of range; y = p - 2 itself is -G.
        Assert.Equal(AltBn128Error.None, Add(G1[..64] + "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45" + G1).Error);
    }

    [Fact]
    public void Points_off_the_curve_are_invalid()
    {
        Assert.Equal(AltBn128Error.InvalidInputData, Add(G1[..127] + "3").Error);
        var output = new byte[64];
        Assert.Equal(AltBn128Error.InvalidInputData, AltBn128.Multiply(Hex.Decode(G1[..127] + "3" + new string('0', 63) + "2"), output));
    }

    [Fact]
    public void P_plus_minus_P_is_zero()
    {
        Assert.Equal((AltBn128Error.None, new string('0', 128)), Add(G1 + G1[..64] + "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45"));
    }

    [Fact]
    public void Multiplication_scalar_is_not_reduced_and_legacy_length_ignores_the_tail()
    {
        var output = new byte[64];
        var r = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
        Assert.Equal(AltBn128Error.None, AltBn128.Multiply(Hex.Decode(G1 + r), output));
        Assert.Equal(new byte[64], output);
        Assert.Equal(AltBn128Error.None, AltBn128.Multiply(Hex.Decode(G1 + "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000003"), output));
        Assert.Equal(G1Double, Hex.Encode(output));

        var withTail = Hex.Decode(G1 + new string('0', 63) + "2" + new string('f', 64));
        Assert.Equal(AltBn128Error.InvalidInputData, AltBn128.Multiply(withTail, output));
        Assert.Equal(AltBn128Error.None, AltBn128.Multiply(withTail, output, AltBn128.LegacyMultiplicationInputLength));
        Assert.Equal(G1Double, Hex.Encode(output));
        Assert.Equal(AltBn128Error.InvalidInputData, AltBn128.Multiply(new byte[129], output, AltBn128.LegacyMultiplicationInputLength));
    }

    [Fact]
    public void Pairing_ignores_a_partial_trailing_element()
    {
        var negG1 = G1[..64] + "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
        var valid = G1 + G2 + negG1 + G2;
        Assert.Equal((AltBn128Error.None, new string('0', 63) + "1"), Pair(valid));
        Assert.Equal((AltBn128Error.None, new string('0', 63) + "1"), Pair(valid + "ffffffffff"));
        Assert.Equal((AltBn128Error.None, new string('0', 63) + "0"), Pair(G1 + G2 + new string('f', 382)));
        Assert.Equal((AltBn128Error.None, new string('0', 63) + "1"), Pair(new string('f', 382)));
    }

    [Fact]
    public void Pairing_rejects_G2_points_off_the_twist_or_outside_the_subgroup()
    {
        // On the twist but not of order r: x = 1 + u has y² = x³ + 3/ξ a square (see PairingTests).
        var q = FindNonSubgroupTwistPoint();
        var encoded = new byte[128];
        ArkworksEncoding.WriteG2(q, encoded);
        Assert.Equal(AltBn128Error.InvalidInputData, Pair(G1 + Hex.Encode(encoded)).Error);
        var offCurve = G2[..255] + (G2[255] == '0' ? "1" : "0");
        Assert.Equal(AltBn128Error.InvalidInputData, Pair(G1 + offCurve).Error);
        // With the G1 point at infinity the G2 point is still validated.
        Assert.Equal(AltBn128Error.InvalidInputData, Pair(new string('0', 128) + Hex.Encode(encoded)).Error);
        // G2 flags live in the top byte of y1 (byte 64 of the point).
        var g2Infinity = G2[..128] + WithTopByte(G2[128..192], 0x40) + G2[192..];
        Assert.Equal((AltBn128Error.None, new string('0', 63) + "1"), Pair(G1 + g2Infinity));
        var g2Both = G2[..128] + WithTopByte(G2[128..192], 0xC0) + G2[192..];
        Assert.Equal(AltBn128Error.InvalidInputData, Pair(G1 + g2Both).Error);
        var g2Negative = G2[..128] + WithTopByte(G2[128..192], 0x80) + G2[192..];
        Assert.Equal((AltBn128Error.None, new string('0', 63) + "0"), Pair(G1 + g2Negative));
    }

    internal static G2Affine FindNonSubgroupTwistPoint()
    {
        for (ulong i = 1; ; i++)
        {
            var x = new Fq2(Fp256<FqModulus>.FromUInt64(i), Fp256<FqModulus>.One);
            if ((x.Square() * x + Bn254Constants.G2B).TrySqrt(out var y)) return new G2Affine(x, y);
        }
    }

    [Fact]
    public void Mutated_inputs_never_throw()
    {
        var rng = new Random(196);
        var output = new byte[64];
        var seeds = new[] { Hex.Decode(G1 + G1), Hex.Decode(G1 + G2), Hex.Decode(G2) };
        for (int i = 0; i < 400; i++)
        {
            var seed = seeds[i % seeds.Length];
            var bytes = seed.AsSpan(0, rng.Next(seed.Length + 1)).ToArray();
            for (int k = rng.Next(1, 4); k > 0 && bytes.Length > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
            var error = AltBn128.Add(bytes, output);
            Assert.True(error is AltBn128Error.None or AltBn128Error.InvalidInputData);
            error = AltBn128.Multiply(bytes, output);
            Assert.True(error is AltBn128Error.None or AltBn128Error.InvalidInputData);
            foreach (var (len, op) in new (int, Func<byte[], byte[], AltBn128CompressionError>)[]
            {
                (64, (a, o) => AltBn128Compression.G1Compress(a, o)), (32, (a, o) => AltBn128Compression.G1Decompress(a, o)),
                (128, (a, o) => AltBn128Compression.G2Compress(a, o)), (64, (a, o) => AltBn128Compression.G2Decompress(a, o)),
            })
            {
                var input = bytes.Length >= len && rng.Next(4) != 0 ? bytes[..len] : bytes;
                var result = op(input, new byte[128]);
                Assert.True(result != AltBn128CompressionError.UnexpectedError);
            }
            if (i % 20 == 0)
            {
                var pairing = AltBn128.Pairing(bytes, output);
                Assert.True(pairing is AltBn128Error.None or AltBn128Error.InvalidInputData);
            }
        }
    }
}
