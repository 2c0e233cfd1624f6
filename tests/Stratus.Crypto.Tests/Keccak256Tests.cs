using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Stratus.Crypto.Tests;

public class Keccak256Tests
{
    // Values published by the Keccak team / used throughout Ethereum tooling.
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("hello world", "47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad")]
    public void KnownDigests(string message, string expected)
    {
        Assert.Equal(expected, Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void EveryLengthAcrossTheRateBoundaryMatchesBouncyCastle()
    {
        var rng = new Random(7);
        var data = new byte[3 * Keccak256.RateBytes + 5];
        rng.NextBytes(data);
        for (var len = 0; len <= data.Length; len++)
            Assert.Equal(BouncyKeccak(data.AsSpan(0, len)), Keccak256.Hash(data.AsSpan(0, len)));
    }

    [Fact]
    public void IncrementalSplitsMatchOneShot()
    {
        var rng = new Random(8);
        var data = new byte[2000];
        rng.NextBytes(data);
        var expected = Keccak256.Hash(data);
        var digest = new byte[32];
        for (var trial = 0; trial < 100; trial++)
        {
            var hasher = Keccak256Hasher.Create();
            var offset = 0;
            while (offset < data.Length)
            {
                var take = Math.Min(rng.Next(0, 300), data.Length - offset);
                hasher.Update(data.AsSpan(offset, take));
                offset += take;
            }
            hasher.Finish(digest);
            Assert.Equal(expected, digest);
        }
    }

    [Fact]
    public void ShortDestinationIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Keccak256.Hash("abc"u8, new byte[31]));
    }

    private static byte[] BouncyKeccak(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        var input = data.ToArray();
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }
}
