using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.Intrinsics.X86;

namespace Stratus.Crypto.Tests;

/// <summary>
/// An account hashed to its root now and expanded later gives exactly its lattice hash: through
/// <see cref="LtHash.ComputeAccountFromRoot"/> and through <see cref="LtHashAccumulator.AddRoot"/>, on the eight-lane
/// and the scalar paths (in this process, and in a child process with AVX2 disabled), against
/// <see cref="LtHash.ComputeAccount"/> (itself checked against one-block BLAKE3 and Firedancer's vectors in
/// <see cref="LtHashAccumulatorTests"/>).
/// </summary>
public class LtHashAccountRootTests
{
    /// <summary>Data lengths at the one-chunk limit (951), chunk edges, a vote account (3,762), group edges and large accounts.</summary>
    private static readonly int[] LengthList =
        [0, 1, 82, 165, 950, 951, 952, 1023, 1024, 1025, 2047, 2048, 2049, 3762, 8192, 65536, 65537, 102400, (1 << 20) + 3, 10 << 20];

    public static TheoryData<int> Lengths => new(LengthList);

    public const string ScalarChildMode = "lthash-root-scalar";

    private sealed record Account(ulong Lamports, byte[] Data, bool Executable, byte[] Owner, byte[] Pubkey);

    private static Account MakeAccount(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        var owner = new byte[32];
        var pubkey = new byte[32];
        random.NextBytes(data);
        random.NextBytes(owner);
        random.NextBytes(pubkey);
        return new Account((ulong)random.NextInt64(1, long.MaxValue), data, random.Next(2) == 1, owner, pubkey);
    }

    private static byte[] Root(Account a, bool useAvx2 = true)
    {
        var root = new byte[LtHash.AccountRootSize];
        LtHash.ComputeAccountRoot(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, root, useAvx2);
        return root;
    }

    private static byte[] Hash(Account a)
    {
        var hash = new byte[LtHash.Size];
        LtHash.ComputeAccount(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, hash);
        return hash;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Root_expands_to_the_account_lattice_hash(int length)
    {
        var a = MakeAccount(length, length);
        var expected = Hash(a);
        var root = Root(a);
        // The eight-lane and the scalar (incremental hasher / one-chunk) paths reach the same node.
        Assert.Equal(Hex.Encode(root), Hex.Encode(Root(a, useAvx2: false)));
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(root.AsSpan(100));
        Assert.Equal(length <= 951 ? 2u : 4u, flags);
        var actual = new byte[LtHash.Size + 5];
        actual.AsSpan().Fill(0xAA);
        LtHash.ComputeAccountFromRoot(root, actual);
        Assert.Equal(Hex.Encode(expected), Hex.Encode(actual.AsSpan(0, LtHash.Size)));
        Assert.True(actual.AsSpan(LtHash.Size).IndexOfAnyExcept((byte)0xAA) < 0, "nothing written past 2,048 bytes");
        // A larger root buffer gets the root in its first 104 bytes only.
        var wide = new byte[LtHash.AccountRootSize + 3];
        LtHash.ComputeAccountRoot(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, wide);
        Assert.Equal(Hex.Encode(root), Hex.Encode(wide.AsSpan(0, LtHash.AccountRootSize)));
    }

    /// <summary>
    /// Accounts of every listed length and of random sizes, with random masks (some empty, some with zero lamports),
    /// one accumulator fed by fields, one fed every other account by root, one fed only roots: small accounts by
    /// root land between queued ones, large ones between staged ones.
    /// </summary>
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(5, true)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    public void AddRoot_matches_Add_interleaved_with_other_accounts(int sums, bool useAvx2)
    {
        var byFields = new LtHashAccumulator(sums, useAvx2);
        var mixed = new LtHashAccumulator(sums, useAvx2);
        var byRoots = new LtHashAccumulator(sums, useAvx2);
        var random = new Random(sums * 2 + (useAvx2 ? 1 : 0));
        var accounts = new List<Account>();
        foreach (var length in LengthList)
            if (length < 1 << 20 || sums == 2) accounts.Add(MakeAccount(length, length + 7));
        for (var i = 0; i < 250; i++)
        {
            var length = random.Next(5) switch
            {
                0 => random.Next(0, 951),
                1 => 165,
                2 => random.Next(951, 5000),
                3 => random.Next(5000, 16 * 1024),
                _ => random.Next(16 * 1024, 70_000),
            };
            var a = MakeAccount(length, 1000 + i);
            accounts.Add(random.Next(30) == 0 ? a with { Lamports = 0 } : a);
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(accounts));
        for (var i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            var mask = random.Next(1 << sums);
            var root = Root(a, useAvx2);
            byFields.Add(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, mask);
            if (i % 2 == 0) mixed.AddRoot(root, mask);
            else mixed.Add(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, mask);
            byRoots.AddRoot(root, mask);
            if (i == accounts.Count / 2)
                for (var s = 0; s < sums; s++)
                    AssertSame(byFields, mixed, byRoots, s);
        }
        for (var s = 0; s < sums; s++) AssertSame(byFields, mixed, byRoots, s);
    }

    private static void AssertSame(LtHashAccumulator byFields, LtHashAccumulator mixed, LtHashAccumulator byRoots, int sum)
    {
        var expected = Hex.Encode(byFields.Sum(sum));
        Assert.Equal(expected, Hex.Encode(mixed.Sum(sum)));
        Assert.Equal(expected, Hex.Encode(byRoots.Sum(sum)));
    }

    [Fact]
    public void Zero_lamports_is_the_identity()
    {
        foreach (var length in new[] { 0, 165, 5000 })
        {
            var root = new byte[LtHash.AccountRootSize];
            root.AsSpan().Fill(7);
            LtHash.ComputeAccountRoot(0, new byte[length], false, new byte[32], new byte[32], root);
            Assert.True(root.All(b => b == 0));
            var hash = new byte[LtHash.Size];
            hash.AsSpan().Fill(1);
            LtHash.ComputeAccountFromRoot(root, hash);
            Assert.True(LtHash.IsIdentity(hash));
            var accumulator = new LtHashAccumulator(1);
            accumulator.AddRoot(root, 1);
            Assert.True(LtHash.IsIdentity(accumulator.Sum(0)));
        }
    }

    /// <summary>Roots of a one-chunk and a multi-chunk account with their length, flags, padding or size made impossible.</summary>
    [Theory]
    [InlineData(165)]
    [InlineData(3000)]
    public void Bytes_no_root_can_have_are_rejected(int length)
    {
        var a = MakeAccount(length, 3);
        var root = Root(a);
        var hash = new byte[LtHash.Size];
        var accumulator = new LtHashAccumulator(2);
        var blockLength = BinaryPrimitives.ReadUInt32LittleEndian(root.AsSpan(96));
        List<byte[]> bad =
        [
            root[..100], root[..103], [.. root, 0], [],
            With(root, 100, 0), With(root, 100, 1), With(root, 100, 3), With(root, 100, 8), With(root, 100, 2 | 8),
            With(root, 100, 4 | 8), With(root, 100, 16), With(root, 100, 6), With(root, 100, 2 | (1u << 31)),
            With(root, 96, 0), With(root, 96, 65), With(root, 96, uint.MaxValue), With(root, 96, 1u << 31),
            // Identity marker (flags 0) with anything else non-zero.
            IdentityWith(5, 1), IdentityWith(96, 1), IdentityWith(50, 0x80),
        ];
        if (blockLength < 64)
        {
            // A short block is zero padded: a stray byte past its length, or a length shortened over data.
            bad.Add(With(root, 96, blockLength - 1));
            var stray = (byte[])root.Clone();
            stray[95] = 1;
            bad.Add(stray);
        }
        else
        {
            bad.Add(With(root, 96, 32)); // a parent's block is two whole chaining values
        }
        foreach (var b in bad)
        {
            Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountFromRoot(b, hash));
            Assert.Throws<ArgumentException>(() => accumulator.AddRoot(b, 1));
        }
        // The accumulator is unchanged by the rejected roots.
        Assert.True(LtHash.IsIdentity(accumulator.Sum(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.AddRoot(root, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.AddRoot(root, -1));
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountFromRoot(root, new byte[LtHash.Size - 1]));
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountRoot(1, [], false, new byte[31], new byte[32], root));
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountRoot(1, [], false, new byte[32], new byte[33], root));
        Assert.Throws<ArgumentException>(() => LtHash.ComputeAccountRoot(1, [], false, new byte[32], new byte[32], new byte[103]));
    }

    /// <summary>Every single-byte change of a root either is rejected or expands to a different, fully written hash.</summary>
    [Fact]
    public void Mutated_roots_never_crash_or_collide()
    {
        var a = MakeAccount(3000, 9);
        var root = Root(a);
        var expected = Hash(a);
        var hash = new byte[LtHash.Size];
        var random = new Random(9);
        for (var at = 0; at < LtHash.AccountRootSize; at++)
        {
            var mutated = (byte[])root.Clone();
            mutated[at] ^= (byte)random.Next(1, 256);
            try
            {
                LtHash.ComputeAccountFromRoot(mutated, hash);
            }
            catch (ArgumentException)
            {
                Assert.True(at >= 96, $"a change at byte {at} (chaining value or block) is a valid root");
                continue;
            }
            Assert.False(expected.AsSpan().SequenceEqual(hash), $"byte {at}");
        }
    }

    /// <summary>
    /// With AVX2 disabled for the whole runtime (<c>DOTNET_EnableAVX2=0</c>, as the project's scalar fallback is
    /// checked), a child process computes roots, expands them and accumulates them through the scalar paths only; its
    /// digest of every hash and sum must equal this process's (eight-lane) one.
    /// </summary>
    [Fact]
    public async Task Scalar_runtime_gives_the_same_roots_hashes_and_sums()
    {
        var assembly = typeof(LtHashAccountRootTests).Assembly.Location;
        var baseName = Path.ChangeExtension(assembly, null);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", "--runtimeconfig", baseName + ".runtimeconfig.json", "--depsfile", baseName + ".deps.json", assembly, ScalarChildMode })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_EnableAVX2"] = "0";
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = await child.StandardOutput.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await child.WaitForExitAsync(timeout.Token);
        Assert.True(child.ExitCode == 0, $"child exit {child.ExitCode}\n{stdout}\n{await stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("avx2 False", lines);
        var (digest, error) = Digest();
        Assert.Null(error);
        Assert.Contains("digest " + digest, lines);
    }

    /// <summary>Child side of <see cref="Scalar_runtime_gives_the_same_roots_hashes_and_sums"/>.</summary>
    internal static int ScalarChild()
    {
        Console.WriteLine($"avx2 {Avx2.IsSupported}");
        var (digest, error) = Digest();
        if (error != null)
        {
            Console.WriteLine("error " + error);
            return 1;
        }
        Console.WriteLine("digest " + digest);
        return 0;
    }

    /// <summary>
    /// BLAKE3 of every listed length's lattice hash and of 1- and 2-sum accumulators fed by fields and by roots
    /// (checked equal here), or the first mismatch.
    /// </summary>
    private static (string Digest, string? Error) Digest()
    {
        var digest = Blake3Hasher.Create();
        var one = new[] { new LtHashAccumulator(1), new LtHashAccumulator(1) };
        var two = new[] { new LtHashAccumulator(2), new LtHashAccumulator(2) };
        var expanded = new byte[LtHash.Size];
        for (var i = 0; i < LengthList.Length; i++)
        {
            var a = MakeAccount(LengthList[i], 77 + i);
            var hash = Hash(a);
            var root = Root(a);
            LtHash.ComputeAccountFromRoot(root, expanded);
            if (!expanded.AsSpan().SequenceEqual(hash)) return ("", $"ComputeAccountFromRoot, data length {LengthList[i]}");
            digest.Update(hash);
            // Small ones by fields between the roots, so roots land among queued accounts.
            var small = MakeAccount(i * 37 % 900, 500 + i);
            one[0].Add(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, 1);
            one[1].AddRoot(root, 1);
            var mask = 1 + i % 3;
            two[0].Add(a.Lamports, a.Data, a.Executable, a.Owner, a.Pubkey, mask);
            two[1].AddRoot(root, mask);
            foreach (var accumulator in two)
                accumulator.Add(small.Lamports, small.Data, small.Executable, small.Owner, small.Pubkey, 3 - i % 2);
            foreach (var accumulator in one)
                accumulator.Add(small.Lamports, small.Data, small.Executable, small.Owner, small.Pubkey, 1);
        }
        foreach (var (pair, sums) in new[] { (one, 1), (two, 2) })
            for (var s = 0; s < sums; s++)
            {
                if (!pair[0].Sum(s).SequenceEqual(pair[1].Sum(s))) return ("", $"AddRoot vs Add, {sums} sums, sum {s}");
                digest.Update(pair[0].Sum(s));
            }
        var result = new byte[32];
        digest.Finalize(result);
        return (Hex.Encode(result), null);
    }

    private static byte[] With(byte[] root, int at, uint value)
    {
        var copy = (byte[])root.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    private static byte[] IdentityWith(int at, byte value)
    {
        var root = new byte[LtHash.AccountRootSize];
        root[at] = value;
        return root;
    }
}
