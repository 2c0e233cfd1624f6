using Stratus.Crypto.Bn254;

namespace Stratus.Crypto.Tests.Bn254;

public class AltBn128CompressionTests
{
    private static byte[] Compress1(byte[] g1)
    {
        var output = new byte[32];
        Assert.Equal(AltBn128CompressionError.None, AltBn128Compression.G1Compress(g1, output));
        return output;
    }

    private static byte[] Decompress1(byte[] c)
    {
        var output = new byte[64];
        Assert.Equal(AltBn128CompressionError.None, AltBn128Compression.G1Decompress(c, output));
        return output;
    }

    private static byte[] Compress2(byte[] g2)
    {
        var output = new byte[64];
        Assert.Equal(AltBn128CompressionError.None, AltBn128Compression.G2Compress(g2, output));
        return output;
    }

    private static byte[] Decompress2(byte[] c)
    {
        var output = new byte[128];
        Assert.Equal(AltBn128CompressionError.None, AltBn128Compression.G2Decompress(c, output));
        return output;
    }

    /// <summary>solana-bn254's round trip over the points of the EIP-197 vectors (both signs of y).</summary>
    [Theory]
    [MemberData(nameof(EthereumVectors.Pairing), MemberType = typeof(EthereumVectors))]
    public void Round_trip_over_pairing_vector_points(string name, string input, string expected)
    {
        _ = expected;
        var bytes = Hex.Decode(input);
        for (int offset = 0; offset + 192 <= bytes.Length; offset += 192)
        {
            var g1 = bytes[offset..(offset + 64)];
            Assert.True(g1.SequenceEqual(Decompress1(Compress1(g1))), name);
            var g2 = bytes[(offset + 64)..(offset + 192)];
            Assert.True(g2.SequenceEqual(Decompress2(Compress2(g2))), name);

            Assert.True(ArkworksEncoding.TryReadG1(g1, validate: false, out var p));
            var neg = new byte[64];
            ArkworksEncoding.WriteG1(p.Negate(), neg);
            var c = Compress1(neg);
            if (!p.IsInfinity) Assert.NotEqual(Compress1(g1)[0] & 0x80, c[0] & 0x80);
            Assert.Equal(neg, Decompress1(c));

            Assert.True(ArkworksEncoding.TryReadG2(g2, validate: false, out var q));
            var negQ = new byte[128];
            ArkworksEncoding.WriteG2(q.Negate(), negQ);
            Assert.Equal(negQ, Decompress2(Compress2(negQ)));
        }
    }

    [Fact]
    public void Zero_and_infinity_encodings()
    {
        Assert.Equal(new byte[32], Compress1(new byte[64]));
        Assert.Equal(new byte[64], Decompress1(new byte[32]));
        Assert.Equal(new byte[64], Compress2(new byte[128]));
        Assert.Equal(new byte[128], Decompress2(new byte[64]));

        // An uncompressed point with the infinity flag compresses to arkworks' infinity encoding.
        var flagged = new byte[64];
        flagged[31] = 7;
        flagged[32] = 0x40;
        var c = Compress1(flagged);
        Assert.Equal(0x40, c[0]);
        Assert.All(c[1..], b => Assert.Equal(0, b));
        Assert.Equal(new byte[64], Decompress1(c));
        var flagged2 = new byte[128];
        flagged2[64] = 0x40;
        flagged2[127] = 1;
        var c2 = Compress2(flagged2);
        Assert.Equal(0x40, c2[0]);
        Assert.Equal(new byte[128], Decompress2(c2));
    }

    [Fact]
    public void Decompression_failures()
    {
        var output = new byte[128];
        // x = 0: 0³ + 3 is not a square in Fq.
        var zeroX = new byte[32];
        zeroX[0] = 0x80;
        Assert.Equal(AltBn128CompressionError.G1DecompressionFailed, AltBn128Compression.G1Decompress(zeroX, output));
        var both = new byte[32];
        both[0] = 0xC0;
        both[31] = 1;
        Assert.Equal(AltBn128CompressionError.G1DecompressionFailed, AltBn128Compression.G1Decompress(both, output));
        var tooBig = Hex.Decode("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
        Assert.Equal(AltBn128CompressionError.G1DecompressionFailed, AltBn128Compression.G1Decompress(tooBig, output));
        Assert.Equal(AltBn128CompressionError.G2DecompressionFailed, AltBn128Compression.G2Decompress([.. tooBig, .. new byte[32]], output));
        Assert.Equal(AltBn128CompressionError.G2DecompressionFailed, AltBn128Compression.G2Decompress([.. new byte[32], .. tooBig], output));
        Assert.Equal(AltBn128CompressionError.G1CompressionFailed, AltBn128Compression.G1Compress([.. tooBig, .. new byte[32]], output));
        Assert.Equal(AltBn128CompressionError.G2CompressionFailed, AltBn128Compression.G2Compress([.. new byte[96], .. tooBig], output));
        Assert.Equal(AltBn128CompressionError.InvalidInputSize, AltBn128Compression.G1Compress(new byte[65], output));
        Assert.Equal(AltBn128CompressionError.InvalidInputSize, AltBn128Compression.G1Decompress(new byte[31], output));
        Assert.Equal(AltBn128CompressionError.InvalidInputSize, AltBn128Compression.G2Compress(new byte[0], output));
        Assert.Equal(AltBn128CompressionError.InvalidInputSize, AltBn128Compression.G2Decompress(new byte[128], output));
    }

    [Fact]
    public void Compression_does_not_validate_and_decompression_does_not_check_the_subgroup()
    {
        // Compress takes any coordinates below p.
        var notOnCurve = new byte[64];
        notOnCurve[31] = 1;
        notOnCurve[63] = 1;
        Assert.Equal(notOnCurve[..32], Compress1(notOnCurve));
        // A twist point outside G2 decompresses.
        var q = AltBn128EncodingTests.FindNonSubgroupTwistPoint();
        var encoded = new byte[128];
        ArkworksEncoding.WriteG2(q, encoded);
        Assert.Equal(encoded, Decompress2(Compress2(encoded)));
    }
}
