namespace Stratus.Crypto.Tests;

/// <summary>
/// An account hashed to its root now and expanded later gives exactly its lattice hash: through
/// <see cref="LtHash.ComputeAccountFromRoot"/> and through <see cref="LtHashAccumulator.AddRoot"/>, on the eight-lane
/// and the incremental-hasher paths, against <see cref="LtHash.ComputeAccount"/> (itself checked against one-block
/// BLAKE3 and Firedancer's vectors in <see cref="LtHashAccumulatorTests"/>).
/// </summary>
public class LtHashAccountRootTests
{
    public static TheoryData<int> Lengths => new() { 0, 1, 82, 165, 950, 951, 952, 1023, 1024, 1025, 2047, 2048, 2049, 3762, 8192, 65536, 65537, 102400, (1 << 20) + 3, 10 << 20 };

    private static (ulong Lamports, byte[] Data, bool Executable, byte[] Owner, byte[] Pubkey) Account(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        var owner = new byte[32];
        var pubkey = new byte[32];
        random.NextBytes(data);
        random.NextBytes(owner);
        random.NextBytes(pubkey);
        return ((ulong)random.NextInt64(1, long.MaxValue), data, random.Next(2) == 1, owner, pubkey);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Root_expands_to_the_account_lattice_hash(int length)
    {
        var a = Account(length, length);
        var expected = new byte[LtHash.Size];
        LtHash.ComputeAccount(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, expected);
        foreach (var useAvx2 in new[] { true, false })
        {
            var root = new byte[LtHash.AccountRootSize];
            LtHash.ComputeAccountRoot(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, root, useAvx2);
            var actual = new byte[LtHash.Size];
            LtHash.ComputeAccountFromRoot(root, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    [InlineData(5, true)]
    public void AddRoot_matches_Add_in_mixed_batches(int sums, bool useAvx2)
    {
        var byFields = new LtHashAccumulator(sums, useAvx2);
        var byRoots = new LtHashAccumulator(sums, useAvx2);
        var random = new Random(sums);
        var root = new byte[LtHash.AccountRootSize];
        for (var i = 0; i < 200; i++)
        {
            var length = random.Next(4) switch { 0 => random.Next(0, 900), 1 => random.Next(900, 5000), 2 => 165, _ => random.Next(5000, 70000) };
            var a = Account(length, 1000 + i);
            var mask = random.Next(1, 1 << sums);
            byFields.Add(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, mask);
            // Every other large account goes in by its root, interleaved with small ones queued by fields.
            if (length > 900 && i % 2 == 0)
            {
                LtHash.ComputeAccountRoot(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, root);
                byRoots.AddRoot(root, mask);
            }
            else
            {
                byRoots.Add(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, mask);
            }
        }
        for (var s = 0; s < sums; s++) Assert.Equal(byFields.Sum(s).ToArray(), byRoots.Sum(s).ToArray());
    }

    [Fact]
    public void Zero_lamports_is_the_identity()
    {
        var root = new byte[LtHash.AccountRootSize];
        root.AsSpan().Fill(7);
        LtHash.ComputeAccountRoot(0, new byte[5000], false, new byte[32], new byte[32], root);
        Assert.True(root.All(b => b == 0));
        var hash = new byte[LtHash.Size];
        hash.AsSpan().Fill(1);
        LtHash.ComputeAccountFromRoot(root, hash);
        Assert.True(LtHash.IsIdentity(hash));
        var accumulator = new LtHashAccumulator(1);
        accumulator.AddRoot(root, 1);
        Assert.True(LtHash.IsIdentity(accumulator.Sum(0)));
    }

    [Fact]
    public void Bytes_no_root_can_have_are_rejected()
    {
        var a = Account(3000, 3);
        var root = new byte[LtHash.AccountRootSize];
        LtHash.ComputeAccountRoot(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, root);
        var hash = new byte[LtHash.Size];
        var accumulator = new LtHashAccumulator(2);
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountFromRoot(root.AsSpan(0, 100), hash));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.AddRoot(root, 4));
        foreach (var (at, value) in new[] { (100, (byte)8), (100, (byte)1), (96, (byte)0), (96, (byte)65), (100, (byte)0) })
        {
            var bad = (byte[])root.Clone();
            bad[at] = value;
            if (at == 96) bad[97] = 0;
            Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountFromRoot(bad, hash));
            Assert.Throws<ArgumentException>(() => accumulator.AddRoot(bad, 1));
        }
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountRoot(1, [], false, new byte[31], new byte[32], root));
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountRoot(1, [], false, new byte[32], new byte[32], new byte[103]));
    }
}
