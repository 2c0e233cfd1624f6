using System.Buffers.Binary;
using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Snapshots;

namespace Stratus.AccountsDb.Tests.Loading;

public class StagingBucketsTests
{
    /// <summary>Random pubkeys, a tenth of them again in a newer slot; values of assorted sizes carry the record number.</summary>
    private static List<(byte[] Key, byte[] Value)> Records(int count, int seed)
    {
        var random = new Random(seed);
        var records = new List<(byte[], byte[])>();
        var pubkeys = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            byte[] pubkey;
            ulong slot;
            if (pubkeys.Count > 0 && random.Next(10) == 0)
            {
                pubkey = pubkeys[random.Next(pubkeys.Count)];
                slot = 200;
            }
            else
            {
                pubkey = new byte[32];
                random.NextBytes(pubkey);
                // Some pubkeys share their first 8 bytes, so the full-key comparison is exercised too.
                if (pubkeys.Count > 0 && random.Next(20) == 0) pubkeys[^1].AsSpan(0, 8).CopyTo(pubkey);
                pubkeys.Add(pubkey);
                slot = 100;
            }
            var key = new byte[StagingBuckets.KeyLength];
            pubkey.CopyTo(key, 0);
            BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(32), ~slot);
            BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(40), ~(ulong)i);
            var value = new byte[49 + random.Next(0, 300)];
            BinaryPrimitives.WriteInt32LittleEndian(value, i);
            records.Add((key, value));
        }
        return records;
    }

    private static void Append(StagingBuckets buckets, (byte[] Key, byte[] Value) record)
    {
        var span = buckets.Append(record.Key, BinaryPrimitives.ReadUInt64BigEndian(record.Key.AsSpan(32)),
            BinaryPrimitives.ReadUInt64BigEndian(record.Key.AsSpan(40)), record.Value.Length);
        record.Value.CopyTo(span);
    }

    private static readonly Comparer<byte[]> ByBytes = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));

    [Theory]
    [InlineData(1 << 30, 1, null)]      // one bucket in memory (radix pass plus per-bin sorts)
    [InlineData(1 << 30, 16, null)]     // many buckets in memory
    [InlineData(256 << 10, 16, null)]   // most buckets spilled to files
    [InlineData(256 << 10, 16, 1)]      // ... compressed
    [InlineData(0, 7, null)]            // every bucket spilled, a bucket count that is not a power of two
    [InlineData(0, 7, -5)]              // ... compressed at a fast level
    public void Buckets_come_back_in_key_order_and_cover_every_record(long memory, int bucketCount, int? compression)
    {
        using var dir = new TempDirectory();
        var records = Records(30_000, bucketCount);
        using var buckets = new StagingBuckets(dir.Path, bucketCount, memory, 1 << 20, writerThreads: 2, compression);
        foreach (var record in records) Append(buckets, record);
        buckets.Finish();
        Assert.Equal(records.Count, buckets.Records);
        if (memory == 0) Assert.Equal(bucketCount, buckets.SpilledBuckets);
        if (memory == 1 << 30) Assert.Equal(0, buckets.SpilledBuckets);

        var sorted = new SortedBucket();
        using var reader = buckets.CreateReader();
        var output = new List<byte[]>();
        var values = new Dictionary<int, byte[]>();
        for (var b = 0; b < bucketCount; b++)
        {
            buckets.ReadBack(buckets[b], reader);
            sorted.Load(buckets[b]);
            while (sorted.MoveNext())
            {
                Assert.Equal(b, buckets.BucketOf(sorted.Key));
                output.Add(sorted.Key.ToArray());
                values[BinaryPrimitives.ReadInt32LittleEndian(sorted.Value)] = sorted.Value.ToArray();
            }
            sorted.Clear();
            buckets.Release(buckets[b]);
        }
        Assert.Equal(records.Select(r => r.Key).Order(ByBytes).ToList(), output);
        for (var i = 0; i < records.Count; i++) Assert.Equal(records[i].Value, values[i]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public void A_damaged_bucket_file_is_a_staging_error(int? compression)
    {
        using var dir = new TempDirectory();
        using var buckets = new StagingBuckets(dir.Path, 2, 0, 1 << 20, writerThreads: 1, compression);
        using var reader = buckets.CreateReader();
        foreach (var record in Records(2_000, 3)) Append(buckets, record);
        buckets.Finish();
        var bucket = buckets[0];
        Assert.True(bucket.Spilled);
        var bytes = File.ReadAllBytes(bucket.Path!);

        File.WriteAllBytes(bucket.Path!, bytes[..^10]);
        var e = Assert.Throws<SnapshotLoadException>(() => buckets.ReadBack(bucket, reader));
        Assert.Equal(SnapshotLoadError.Staging, e.Error);
        Assert.Contains("bytes", e.Message);

        var damaged = (byte[])bytes.Clone();
        if (compression == null) BinaryPrimitives.WriteUInt32LittleEndian(damaged, 0x7FFF_FFFF);
        else damaged.AsSpan(4, 16).Fill(0xEE);
        File.WriteAllBytes(bucket.Path!, damaged);
        e = Assert.Throws<SnapshotLoadException>(() =>
        {
            buckets.ReadBack(bucket, reader);
            new SortedBucket().Load(bucket);
        });
        Assert.Equal(SnapshotLoadError.Staging, e.Error);
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void Key_batches_become_consecutive_sst_files_written_in_parallel()
    {
        using var dir = new TempDirectory();
        var keys = Enumerable.Range(0, 10_000).Select(i =>
        {
            var key = new byte[64];
            BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(28), i / 100);
            BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(60), i);
            return key;
        }).ToList();
        var files = KeyBatchSstWriter.Write(new ListSource(keys), 64, 777, 3, dir.Path, "owners", new RocksDbOptions(), new ColumnFamilyOptions());
        Assert.Equal((10_000 + 776) / 777, files.Count);
        using var db = RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions());
        var family = db.GetColumnFamily(RocksDatabase.DefaultColumnFamilyName);
        db.IngestExternalFiles(family, files, new IngestOptions { MoveFiles = true });
        var read = new List<byte[]>();
        using (var it = db.NewIterator(family))
            for (it.SeekToFirst(); it.Valid; it.Next()) read.Add(it.Key.ToArray());
        Assert.Equal(keys, read);
    }

    private sealed class ListSource(List<byte[]> keys) : RunSource
    {
        private int _index = -1;
        public override bool MoveNext() => ++_index < keys.Count;
        public override ReadOnlySpan<byte> Key => keys[_index];
        public override ReadOnlySpan<byte> Value => [];
    }
}
