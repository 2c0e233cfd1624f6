using System.Globalization;
using System.Text.Json;
using Stratus.TestCommon;

namespace Stratus.Crypto.Tests;

/// <summary>
/// The batched lattice hash (eight accounts per AVX2 lane group, output added straight into the sums) and the
/// rewritten <see cref="LtHash.ComputeAccount"/> against a reference that is plain BLAKE3 of the concatenated fields,
/// computed with one-block compressions only: the hasher fed 1,000 bytes at a time (too little for its eight-chunk
/// path) and read one 64-byte output block at a time (too little for its eight-block output path).
/// </summary>
public class LtHashAccumulatorTests
{
    private const string Vectors = "bankhash/firedancer_lthash_bankhash_vectors.json";

    private sealed record Account(ulong Lamports, byte[] Data, bool Executable, byte[] Owner, byte[] Pubkey);

    private static Account MakeAccount(Random random, int dataLength, ulong lamports = 0)
    {
        var data = new byte[dataLength];
        var owner = new byte[32];
        var pubkey = new byte[32];
        random.NextBytes(data);
        random.NextBytes(owner);
        random.NextBytes(pubkey);
        return new Account(lamports != 0 ? lamports : (ulong)random.NextInt64(1, long.MaxValue), data, random.Next(2) == 1, owner, pubkey);
    }

    private static byte[] Reference(Account a)
    {
        var output = new byte[LtHash.Size];
        if (a.Lamports == 0) return output;
        var message = new byte[8 + a.Data.Length + 1 + 64];
        BitConverter.TryWriteBytes(message, a.Lamports);
        a.Data.CopyTo(message, 8);
        message[8 + a.Data.Length] = a.Executable ? (byte)1 : (byte)0;
        a.Owner.CopyTo(message, 9 + a.Data.Length);
        a.Pubkey.CopyTo(message, 41 + a.Data.Length);
        var hasher = Blake3Hasher.Create();
        for (var at = 0; at < message.Length; at += 1000)
            hasher.Update(message.AsSpan(at, Math.Min(1000, message.Length - at)));
        for (var at = 0; at < LtHash.Size; at += Blake3.BlockSize)
            hasher.Finalize(output.AsSpan(at, Blake3.BlockSize), (ulong)at);
        return output;
    }

    private static byte[] Compute(Account a)
    {
        var output = new byte[LtHash.Size];
        LtHash.ComputeAccount(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, output);
        return output;
    }

    private static void Add(LtHashAccumulator accumulator, Account a, int mask) =>
        accumulator.Add(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, mask);

    /// <summary>Data lengths around every block and chunk edge of a one- and two-chunk message (73 bytes besides the data).</summary>
    [Fact]
    public void EveryLengthUpToTwoChunksMatchesTheReference()
    {
        var random = new Random(1);
        var expected = new byte[LtHash.Size];
        var accumulator = new LtHashAccumulator(1);
        for (var length = 0; length <= 2100; length++)
        {
            var account = MakeAccount(random, length);
            var reference = Reference(account);
            Assert.True(reference.AsSpan().SequenceEqual(Compute(account)), $"ComputeAccount, data length {length}");
            LtHash.MixIn(expected, reference);
            Add(accumulator, account, 1);
            if (length % 97 == 0)
                Assert.True(expected.AsSpan().SequenceEqual(accumulator.Sum(0)), $"accumulator, data lengths up to {length}");
        }
        Assert.Equal(Hex.Encode(expected), Hex.Encode(accumulator.Sum(0)));
    }

    /// <summary>Messages of exactly 1,023, 1,024 and 1,025 bytes, and of many chunks: one group of 64 chunks, more, and uneven trees.</summary>
    [Theory]
    [InlineData(1023 - 73)]
    [InlineData(1024 - 73)]
    [InlineData(1025 - 73)]
    [InlineData(2 * 1024 - 73)]
    [InlineData(2 * 1024 - 72)]
    [InlineData(3762)]
    [InlineData(8 * 1024 - 73)]
    [InlineData(8 * 1024 - 72)]
    [InlineData(9 * 1024 + 5)]
    [InlineData(64 * 1024 - 73)]
    [InlineData(64 * 1024 - 72)]
    [InlineData(65 * 1024)]
    [InlineData(128 * 1024 - 73)]
    [InlineData(128 * 1024 + 1)]
    [InlineData(100 * 1024)]
    [InlineData(3 * 64 * 1024 + 7 * 1024 + 3)]
    [InlineData(10 * 1024 * 1024)]
    public void LargeAccountsMatchTheReference(int dataLength)
    {
        var account = MakeAccount(new Random(dataLength), dataLength);
        var reference = Reference(account);
        Assert.Equal(Hex.Encode(reference), Hex.Encode(Compute(account)));
        var accumulator = new LtHashAccumulator(1);
        Add(accumulator, account, 1);
        Assert.Equal(Hex.Encode(reference), Hex.Encode(accumulator.Sum(0)));
    }

    /// <summary>
    /// Many accounts of mixed sizes, so batches are full, partial and of every block count, the stage of 2- to 16-chunk
    /// accounts fills and overflows, and larger accounts go straight through; into one, two or five sums by mask.
    /// </summary>
    [Theory]
    [InlineData(2, true)]
    [InlineData(2, false)]
    [InlineData(5, true)]
    [InlineData(1, true)]
    public void MixedBatchesAndMasks(int sums, bool useAvx2)
    {
        var random = new Random(sums * 10 + (useAvx2 ? 1 : 0));
        var expected = new byte[sums][];
        for (var i = 0; i < sums; i++) expected[i] = new byte[LtHash.Size];
        var accumulator = new LtHashAccumulator(sums, useAvx2);
        int[] sizes = [0, 0, 165, 165, 165, 165, 200, 82, 3, 500, 951, 952, 1000, 2000, 3762, 5000, 15_000, 16 * 1024 - 73, 16 * 1024 - 72, 20_000];
        for (var n = 0; n < 700; n++)
        {
            var account = MakeAccount(random, sizes[random.Next(sizes.Length)] + (random.Next(4) == 0 ? random.Next(64) : 0));
            if (random.Next(25) == 0) account = account with { Lamports = 0 };
            var mask = random.Next(1 << sums);
            Add(accumulator, account, mask);
            var reference = Reference(account);
            for (var i = 0; i < sums; i++)
                if ((mask & (1 << i)) != 0) LtHash.MixIn(expected[i], reference);
            if (n == 350)
                for (var i = 0; i < sums; i++)
                    Assert.Equal(Hex.Encode(expected[i]), Hex.Encode(accumulator.Sum(i)));
        }
        for (var i = 0; i < sums; i++)
            Assert.Equal(Hex.Encode(expected[i]), Hex.Encode(accumulator.Sum(i)));
        accumulator.Clear();
        for (var i = 0; i < sums; i++)
            Assert.True(LtHash.IsIdentity(accumulator.Sum(i)));
    }

    [Fact]
    public void ZeroLamportsAndEmptyMasksAddNothing()
    {
        var random = new Random(7);
        var accumulator = new LtHashAccumulator(2);
        Add(accumulator, MakeAccount(random, 165) with { Lamports = 0 }, 3);
        Add(accumulator, MakeAccount(random, 165), 0);
        Add(accumulator, MakeAccount(random, 5000) with { Lamports = 0 }, 1);
        Assert.True(LtHash.IsIdentity(accumulator.Sum(0)));
        Assert.True(LtHash.IsIdentity(accumulator.Sum(1)));
    }

    [Fact]
    public void QueuedAccountsAreCopied()
    {
        var random = new Random(8);
        var account = MakeAccount(random, 165);
        var reference = Reference(account);
        var accumulator = new LtHashAccumulator(1);
        Add(accumulator, account, 1);
        account.Data.AsSpan().Clear();
        account.Owner.AsSpan().Clear();
        account.Pubkey.AsSpan().Clear();
        Assert.Equal(Hex.Encode(reference), Hex.Encode(accumulator.Sum(0)));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var accumulator = new LtHashAccumulator(2);
        Assert.Throws<ArgumentException>(() => accumulator.Add(1, [], false, new byte[31], new byte[32], 1));
        Assert.Throws<ArgumentException>(() => accumulator.Add(1, [], false, new byte[32], new byte[33], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(1, [], false, new byte[32], new byte[32], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Sum(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LtHashAccumulator(0));
    }

    /// <summary>Firedancer's account lattice-hash cases, through the accumulator one at a time and all together.</summary>
    [SharedFact(Vectors)]
    public void FiredancerAccountVectors()
    {
        var root = JsonDocument.Parse(File.ReadAllText(SharedData.Require(Vectors))).RootElement;
        var cases = root.GetProperty("account_lthash_cases").EnumerateArray().ToList();
        Assert.NotEmpty(cases);
        var total = new byte[LtHash.Size];
        var all = new LtHashAccumulator(1);
        foreach (var c in cases)
        {
            var pubkey = Repeat(c.GetProperty("pubkey_byte").GetString() + "*32");
            var owner = c.TryGetProperty("owner_byte", out var ob) ? Repeat(ob.GetString() + "*32") : pubkey;
            var data = Repeat(c.GetProperty("data").GetString()!);
            var lamports = c.GetProperty("lamports").GetUInt64();
            var executable = c.GetProperty("executable").GetInt32() == 1;
            var expectedText = c.GetProperty("expected").GetString()!;
            var expected = expectedText == "zeros(2048)" ? new byte[LtHash.Size] : Hex.Decode(expectedText);
            var one = new LtHashAccumulator(1);
            one.Add(lamports, data, executable, owner, pubkey, 1);
            Assert.Equal(Hex.Encode(expected), Hex.Encode(one.Sum(0)));
            all.Add(lamports, data, executable, owner, pubkey, 1);
            LtHash.MixIn(total, expected);
        }
        Assert.Equal(Hex.Encode(total), Hex.Encode(all.Sum(0)));
    }

    /// <summary>"0x55*100" → 100 bytes of 0x55.</summary>
    private static byte[] Repeat(string spec)
    {
        var parts = spec.Split('*');
        return Enumerable.Repeat(byte.Parse(parts[0][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)).ToArray();
    }
}
