using System.Globalization;
using System.Text;
using System.Text.Json;
using Stratus.TestCommon;

namespace Stratus.Crypto.Tests;

public class LtHashTests
{
    private const string Vectors = "bankhash/firedancer_lthash_bankhash_vectors.json";

    private static JsonElement Load() => JsonDocument.Parse(File.ReadAllText(SharedData.Require(Vectors))).RootElement;

    /// <summary>"0x55*100" → 100 bytes of 0x55.</summary>
    private static byte[] Repeat(string spec)
    {
        var parts = spec.Split('*');
        return Enumerable.Repeat(byte.Parse(parts[0][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)).ToArray();
    }

    [SharedFact(Vectors)]
    public void LatticeHashOfStrings()
    {
        foreach (var pair in Load().GetProperty("lthash_of_string").EnumerateObject())
        {
            var output = new byte[LtHash.Size];
            LtHash.Compute(Encoding.UTF8.GetBytes(pair.Name), output);
            Assert.Equal(pair.Value.GetString(), Hex.Encode(output));
        }
    }

    [SharedFact(Vectors)]
    public void AccountLatticeHashes()
    {
        var cases = Load().GetProperty("account_lthash_cases").EnumerateArray().ToList();
        Assert.NotEmpty(cases);
        foreach (var c in cases)
        {
            var pubkey = Repeat(c.GetProperty("pubkey_byte").GetString() + "*32");
            var owner = c.TryGetProperty("owner_byte", out var ob) ? Repeat(ob.GetString() + "*32") : pubkey;
            var data = Repeat(c.GetProperty("data").GetString()!);
            var output = new byte[LtHash.Size];
            LtHash.ComputeAccount(c.GetProperty("lamports").GetUInt64(), data, c.GetProperty("executable").GetInt32() == 1, owner, pubkey, output);
            var expected = c.GetProperty("expected").GetString();
            if (expected == "zeros(2048)")
                Assert.True(LtHash.IsIdentity(output));
            else
                Assert.Equal(expected, Hex.Encode(output));
        }
    }

    [Fact]
    public void MixInAndOutAreInverseAndCommutative()
    {
        var a = new byte[LtHash.Size];
        var b = new byte[LtHash.Size];
        LtHash.Compute("hello"u8, a);
        LtHash.Compute("world!"u8, b);

        var ab = new byte[LtHash.Size];
        LtHash.MixIn(ab, a);
        LtHash.MixIn(ab, b);
        var ba = new byte[LtHash.Size];
        LtHash.MixIn(ba, b);
        LtHash.MixIn(ba, a);
        Assert.Equal(ab, ba);

        // Lane-wise wrapping u16 addition, spelled out.
        for (var i = 0; i < LtHash.Size; i += 2)
        {
            var lane = (ushort)(BitConverter.ToUInt16(a, i) + BitConverter.ToUInt16(b, i));
            Assert.Equal(lane, BitConverter.ToUInt16(ab, i));
        }

        LtHash.MixOut(ab, b);
        Assert.Equal(a, ab);
        LtHash.MixOut(ab, a);
        Assert.True(LtHash.IsIdentity(ab));
    }

    [Fact]
    public void ChecksumIsBlake3OfTheLatticeHash()
    {
        var a = new byte[LtHash.Size];
        LtHash.Compute("hello"u8, a);
        var checksum = new byte[32];
        LtHash.Checksum(a, checksum);
        Assert.Equal(Blake3.Hash(a), checksum);
    }

    [Fact]
    public void WrongSizesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => LtHash.MixIn(new byte[LtHash.Size], new byte[LtHash.Size - 2]));
        Assert.Throws<ArgumentException>(() => LtHash.MixOut(new byte[10], new byte[LtHash.Size]));
        Assert.Throws<ArgumentException>(() => LtHash.Compute("x"u8, new byte[100]));
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccount(1, [], false, new byte[31], new byte[32], new byte[LtHash.Size]));
        Assert.Throws<ArgumentException>(() => LtHash.Checksum(new byte[32], new byte[32]));
        Assert.False(LtHash.IsIdentity(new byte[32]));
    }

    /// <summary>Accounts whose message fits one BLAKE3 chunk take a contiguous-buffer path; both sides of that boundary must match the plain definition.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(165)]
    [InlineData(950)]
    [InlineData(951)]
    [InlineData(952)]
    [InlineData(1000)]
    [InlineData(3762)]
    public void AccountHashIsBlake3OfTheConcatenatedFields(int dataLength)
    {
        var random = new Random(dataLength);
        var data = new byte[dataLength];
        var owner = new byte[32];
        var pubkey = new byte[32];
        random.NextBytes(data);
        random.NextBytes(owner);
        random.NextBytes(pubkey);
        foreach (var executable in new[] { false, true })
        {
            var message = new List<byte>();
            message.AddRange(BitConverter.GetBytes(123_456_789UL));
            message.AddRange(data);
            message.Add(executable ? (byte)1 : (byte)0);
            message.AddRange(owner);
            message.AddRange(pubkey);
            var expected = new byte[LtHash.Size];
            Blake3.Hash(message.ToArray(), expected);
            var actual = new byte[LtHash.Size];
            LtHash.ComputeAccount(123_456_789UL, data, executable, owner, pubkey, actual);
            Assert.Equal(Hex.Encode(expected), Hex.Encode(actual));
        }
    }
}
