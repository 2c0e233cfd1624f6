using System.Text;
using Oracle = System.Security.Cryptography.SHA256;

namespace Stratus.Crypto.Tests;

public class Sha256Tests
{
    // FIPS 180-2 appendix B examples.
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Fips180Examples(string message, string expected)
    {
        Span<byte> digest = stackalloc byte[32];
        Sha256.Hash(Encoding.ASCII.GetBytes(message), digest);
        Assert.Equal(expected, Hex.Encode(digest));
    }

    [Fact]
    public void MillionAs()
    {
        var hasher = Sha256Hasher.Create();
        var chunk = Enumerable.Repeat((byte)'a', 1000).ToArray();
        for (var i = 0; i < 1000; i++) hasher.Update(chunk);
        var digest = new byte[32];
        hasher.Finish(digest);
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex.Encode(digest));
    }

    [Fact]
    public void EveryLengthAroundBlockBoundariesMatchesDotNet()
    {
        var rng = new Random(1);
        var data = new byte[300];
        rng.NextBytes(data);
        var digest = new byte[32];
        for (var len = 0; len <= data.Length; len++)
        {
            Sha256.Hash(data.AsSpan(0, len), digest);
            Assert.Equal(Oracle.HashData(data.AsSpan(0, len)), digest);
        }
    }

    [Fact]
    public void IncrementalSplitsMatchOneShot()
    {
        var rng = new Random(2);
        var data = new byte[5000];
        rng.NextBytes(data);
        var expected = Oracle.HashData(data);
        var digest = new byte[32];
        for (var trial = 0; trial < 200; trial++)
        {
            var hasher = Sha256Hasher.Create();
            var offset = 0;
            while (offset < data.Length)
            {
                var take = Math.Min(rng.Next(0, 200), data.Length - offset);
                hasher.Update(data.AsSpan(offset, take));
                offset += take;
            }
            hasher.Finish(digest);
            Assert.Equal(expected, digest);
        }
    }

    [Fact]
    public void FinishResetsTheHasher()
    {
        var hasher = Sha256Hasher.Create();
        hasher.Update("junk"u8);
        var digest = new byte[32];
        hasher.Finish(digest);
        hasher.Update("abc"u8);
        hasher.Finish(digest);
        Assert.Equal(Oracle.HashData("abc"u8), digest);
    }

    [Fact]
    public void TwoPartHashIsConcatenation()
    {
        var digest = new byte[32];
        Sha256.Hash("DURABLE_NONCE"u8, new byte[32], digest);
        Assert.Equal(Oracle.HashData([.. "DURABLE_NONCE"u8, .. new byte[32]]), digest);
    }

    [Fact]
    public void Hash32AndHash64MatchGeneralPath()
    {
        var rng = new Random(3);
        var a = new byte[32];
        var b = new byte[32];
        var digest = new byte[32];
        for (var i = 0; i < 100; i++)
        {
            rng.NextBytes(a);
            rng.NextBytes(b);
            Sha256.Hash32(a, digest);
            Assert.Equal(Oracle.HashData(a), digest);
            Sha256.Hash64(a, b, digest);
            Assert.Equal(Oracle.HashData([.. a, .. b]), digest);
        }
    }

    [Fact]
    public void Hash32InPlace()
    {
        var state = Oracle.HashData("x"u8);
        var expected = Oracle.HashData(state);
        Sha256.Hash32(state, state);
        Assert.Equal(expected, state);
    }

    [Fact]
    public void HashChainEqualsRepeatedHashing()
    {
        var state = Oracle.HashData("poh"u8);
        var expected = (byte[])state.Clone();
        for (var i = 0; i < 1000; i++) expected = Oracle.HashData(expected);
        Sha256.HashChain(state, 1000);
        Assert.Equal(expected, state);
        var unchanged = (byte[])state.Clone();
        Sha256.HashChain(state, 0);
        Assert.Equal(unchanged, state);
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        var digest = new byte[32];
        Assert.Throws<ArgumentException>(() => Sha256.Hash32(new byte[31], digest));
        Assert.Throws<ArgumentException>(() => Sha256.Hash32(new byte[33], digest));
        Assert.Throws<ArgumentException>(() => Sha256.Hash64(new byte[32], new byte[31], digest));
        Assert.Throws<ArgumentException>(() => Sha256.Hash(new byte[3], new byte[31]));
        Assert.Throws<ArgumentException>(() => Sha256.HashChain(new byte[64], 1));
        var hasher = Sha256Hasher.Create();
        Assert.Throws<ArgumentException>(() => hasher.Finish(new byte[16]));
    }
}
