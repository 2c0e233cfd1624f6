using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Store;

namespace Stratus.AccountsDb.Tests.Loading;

public class SortedRunsTests
{
    private static List<(byte[] Key, byte[] Value)> RandomPairs(int count, int keyLength, int seed, bool sharedPrefix)
    {
        var random = new Random(seed);
        var pairs = new List<(byte[], byte[])>();
        for (var i = 0; i < count; i++)
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            // Keys that agree on their first 32 bytes, as owner-index keys of one owner do.
            if (sharedPrefix) key.AsSpan(0, 32).Fill((byte)(i % 3));
            var value = new byte[i == count / 2 ? 5000 : random.Next(0, 300)];
            random.NextBytes(value);
            pairs.Add((key, value));
        }
        return pairs;
    }

    private static List<(byte[], byte[])> Merge(string directory, int arenaBytes, int keyLength, List<(byte[] Key, byte[] Value)> pairs)
    {
        using var runs = new SortedRuns(directory, arenaBytes, keyLength);
        foreach (var (key, value) in pairs)
        {
            var space = runs.Append(value.Length);
            key.CopyTo(space);
            value.CopyTo(space[keyLength..]);
        }
        using var merger = runs.Finish();
        var output = new List<(byte[], byte[])>();
        while (merger.MoveNext()) output.Add((merger.Key.ToArray(), merger.Value.ToArray()));
        Assert.True(runs.RunFiles > 1, "the arenas were small enough to spill several runs");
        return output;
    }

    [Theory]
    [InlineData(48, false)]
    [InlineData(64, true)]
    public void Merged_runs_come_out_in_key_order_with_their_values(int keyLength, bool sharedPrefix)
    {
        using var dir = new TempDirectory();
        var pairs = RandomPairs(3000, keyLength, keyLength, sharedPrefix);
        var output = Merge(dir.Sub("runs"), 4096, keyLength, pairs);
        var expected = pairs.OrderBy(p => p.Key, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        Assert.Equal(expected.Count, output.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Key, output[i].Item1);
            Assert.Equal(expected[i].Value, output[i].Item2);
        }
    }

    [Fact]
    public void A_truncated_run_file_is_reported_not_misread()
    {
        using var dir = new TempDirectory();
        var path = dir.Sub("run");
        using (var runs = new SortedRuns(dir.Path, 256, 48))
        {
            foreach (var (key, value) in RandomPairs(50, 48, 1, false))
            {
                var space = runs.Append(value.Length);
                key.CopyTo(space);
                value.CopyTo(space[48..]);
            }
            Assert.True(runs.RunFiles > 0);
            runs.Finish().Dispose();
            var first = Directory.GetFiles(dir.Path, "run-*").Order().First();
            File.Copy(first, path);
        }
        var bytes = File.ReadAllBytes(path);
        foreach (var cut in new[] { 1, 3, 4 + 10, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..cut]);
            using var source = new FileRunSource(path, 48);
            var e = Assert.Throws<AccountStoreException>(() =>
            {
                while (source.MoveNext()) { }
            });
            Assert.Equal(AccountStoreError.CorruptValue, e.Error);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5000)]
    public void Owner_index_runs_come_out_in_owner_then_pubkey_order(int distinctOwners)
    {
        using var dir = new TempDirectory();
        var random = new Random(distinctOwners);
        var pubkeys = Enumerable.Range(0, 4000).Select(_ =>
        {
            var k = new byte[32];
            random.NextBytes(k);
            return k;
        }).OrderBy(k => k, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        var keys = new List<byte[]>();
        // Eight buckets that partition the pubkey range in order, their runs written in reverse order.
        const int bucketCount = 8;
        var perBucket = Enumerable.Range(0, bucketCount).Select(_ => new List<(byte[] Owner, byte[] Pubkey)>()).ToArray();
        foreach (var pubkey in pubkeys)
        {
            var owner = new byte[32];
            owner[0] = (byte)random.Next(distinctOwners);
            owner[31] = (byte)(random.Next(distinctOwners) >> 8);
            perBucket[pubkey[0] * bucketCount / 256].Add((owner, pubkey));
            keys.Add([.. owner, .. pubkey]);
        }
        using var runs = new OwnerIndexRuns(dir.Path, bucketCount);
        var collector = new BucketOwners();
        for (var b = bucketCount - 1; b >= 0; b--)
        {
            foreach (var (owner, pubkey) in perBucket[b]) collector.Add(owner, pubkey);
            runs.WriteRun(b, collector);
            Assert.Equal(0, collector.Count);
        }
        using var merger = runs.Merge(1 << 16);
        var output = new List<byte[]>();
        while (merger.MoveNext()) output.Add(merger.Key.ToArray());
        var expected = keys.OrderBy(k => k, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        Assert.Equal(expected, output);
    }

    [Fact]
    public void A_truncated_owner_run_is_a_staging_error()
    {
        using var dir = new TempDirectory();
        using var runs = new OwnerIndexRuns(dir.Path, 1);
        var collector = new BucketOwners();
        var random = new Random(5);
        for (var i = 0; i < 100; i++)
        {
            var pubkey = new byte[32];
            random.NextBytes(pubkey);
            collector.Add(new byte[32], pubkey);
        }
        runs.WriteRun(0, collector);
        var file = Directory.GetFiles(dir.Path, "owners-*").Single();
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^40]);
        using var merger = runs.Merge(1 << 16);
        var e = Assert.Throws<SnapshotLoadException>(() =>
        {
            while (merger.MoveNext()) { }
        });
        Assert.Equal(SnapshotLoadError.Staging, e.Error);
    }
}
