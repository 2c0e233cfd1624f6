using System.Globalization;
using System.Text.RegularExpressions;
using Stratus.AccountsDb.RocksDb;
using static Stratus.AccountsDb.Tests.RocksDb.TestDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

/// <summary>
/// The SST layout and point-read settings (restart intervals, data-block hash ratio, index type, per-family block
/// cache, bottom-level filter skipping): every combination must read, iterate, answer missing keys and survive reopen
/// the same way, and each setting must actually reach RocksDB.
/// </summary>
public sealed class TableOptionsTests
{
    private const int Keys = 6000;

    /// <summary>Random 32-byte keys (pubkey-like) with 0–400 byte values, sorted for SST writing.</summary>
    private static (byte[] Key, byte[] Value)[] Accounts(int seed, int count = Keys)
    {
        var random = new Random(seed);
        var entries = new (byte[] Key, byte[] Value)[count];
        for (var i = 0; i < count; i++)
        {
            var key = new byte[32];
            random.NextBytes(key);
            var value = new byte[random.Next(0, 400)];
            random.NextBytes(value);
            entries[i] = (key, value);
        }
        Array.Sort(entries, (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return entries;
    }

    /// <summary>Keys that are not stored: fresh random ones, and stored ones with the last byte changed.</summary>
    private static IEnumerable<byte[]> Missing((byte[] Key, byte[] Value)[] stored)
    {
        var present = stored.Select(e => Convert.ToHexString(e.Key)).ToHashSet();
        var random = new Random(99);
        for (var i = 0; i < 500; i++)
        {
            var key = new byte[32];
            random.NextBytes(key);
            if (!present.Contains(Convert.ToHexString(key))) yield return key;
        }
        for (var i = 0; i < stored.Length; i += 13)
        {
            var key = (byte[])stored[i].Key.Clone();
            key[^1] ^= 0x5A;
            if (!present.Contains(Convert.ToHexString(key))) yield return key;
        }
        yield return new byte[32];
        yield return Enumerable.Repeat((byte)0xFF, 32).ToArray();
        yield return [1, 2, 3];
    }

    public static TheoryData<string> Layouts => ["defaults", "rocksdb-defaults", "two-level", "two-level-partitioned-filters", "no-hash-index", "large-blocks"];

    private static (RocksDbOptions Db, ColumnFamilyOptions Family) Layout(string name, bool mmap) => name switch
    {
        "defaults" => (Small with { AllowMmapReads = mmap }, new ColumnFamilyOptions { OptimizeFiltersForHits = true, UseBlockCache = !mmap }),
        "rocksdb-defaults" => (Small with { AllowMmapReads = mmap, BlockRestartInterval = 16, IndexBlockRestartInterval = 1, DataBlockHashRatio = 0.75 },
            new ColumnFamilyOptions()),
        "two-level" => (Small with { AllowMmapReads = mmap, IndexType = IndexType.TwoLevel, MetadataBlockSize = 512 }, new ColumnFamilyOptions()),
        "two-level-partitioned-filters" => (Small with { AllowMmapReads = mmap, IndexType = IndexType.TwoLevel, MetadataBlockSize = 512, PartitionFilters = true },
            new ColumnFamilyOptions { OptimizeFiltersForHits = true }),
        "no-hash-index" => (Small with { AllowMmapReads = mmap }, new ColumnFamilyOptions { DataBlockHashIndex = false, BlockRestartInterval = 4 }),
        "large-blocks" => (Small with { AllowMmapReads = mmap, BlockSize = 16 << 10, IndexBlockRestartInterval = 64, DataBlockHashRatio = 1 },
            new ColumnFamilyOptions { UseBlockCache = false, Compression = Compression.None, BottommostCompression = Compression.None }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_layout_reads_iterates_and_answers_missing_keys_across_reopen(string layout)
    {
        using var dir = new TempDirectory();
        var ingested = Accounts(1);
        var written = Accounts(2, 1500);
        foreach (var mmap in new[] { true, false })
        {
            var (options, family) = Layout(layout, mmap);
            var path = dir.Sub($"db-{mmap}");
            using (var db = RocksDatabase.Open(path, options, new ColumnFamilyDescriptor("accounts", family)))
            {
                var cf = db.GetColumnFamily("accounts");
                var sst = dir.Sub($"accounts-{mmap}.sst");
                using (var writer = SstFileWriter.Create(sst, options, family))
                {
                    foreach (var (k, v) in ingested) writer.Put(k, v);
                    writer.Finish();
                }
                db.IngestExternalFiles(cf, [sst]);
                // A second, flushed file above the ingested one: reads must look through both levels.
                foreach (var (k, v) in written) db.Put(cf, k, v);
                db.Flush(cf);
                AssertContents(db, cf, ingested, written);
            }
            using (var db = RocksDatabase.Open(path, options with { CreateIfMissing = false }, new ColumnFamilyDescriptor("accounts", family)))
            {
                var cf = db.GetColumnFamily("accounts");
                AssertContents(db, cf, ingested, written);
                db.CompactRange(cf);
                AssertContents(db, cf, ingested, written);
            }
        }
    }

    private static void AssertContents(RocksDatabase db, ColumnFamily cf, (byte[] Key, byte[] Value)[] a, (byte[] Key, byte[] Value)[] b)
    {
        var all = a.Concat(b).OrderBy(e => e.Key, Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToArray();
        var buffer = new byte[512];
        foreach (var (k, v) in all)
        {
            Assert.Equal(v, db.Get(cf, k));
            Assert.Equal(v.Length, db.Get(cf, k, buffer));
            Assert.Equal(v, buffer[..v.Length]);
        }
        foreach (var k in Missing(all))
        {
            Assert.Null(db.Get(cf, k));
            Assert.Equal(-1, db.Get(cf, k, buffer));
        }

        using var it = db.NewIterator(cf);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next(), n++)
        {
            Assert.True(it.Key.SequenceEqual(all[n].Key));
            Assert.True(it.Value.SequenceEqual(all[n].Value));
        }
        Assert.Equal(all.Length, n);

        // A seek to a missing key lands on the next stored one.
        var probe = (byte[])all[100].Key.Clone();
        probe[^1]++;
        if (probe.AsSpan().SequenceCompareTo(all[101].Key) < 0)
        {
            it.Seek(probe);
            Assert.True(it.Valid);
            Assert.True(it.Key.SequenceEqual(all[101].Key));
        }
    }

    [Fact]
    public void Optimize_filters_for_hits_skips_the_bottom_level_filter_but_missing_keys_stay_missing()
    {
        using var dir = new TempDirectory();
        var stored = Accounts(3);
        var missing = Missing(stored).ToArray();
        foreach (var skip in new[] { false, true })
        {
            var family = new ColumnFamilyOptions { OptimizeFiltersForHits = skip };
            var options = Small with { EnableStatistics = true };
            using var db = RocksDatabase.Open(dir.Sub($"db-{skip}"), options, new ColumnFamilyDescriptor("accounts", family));
            var cf = db.GetColumnFamily("accounts");
            var sst = dir.Sub($"accounts-{skip}.sst");
            using (var writer = SstFileWriter.Create(sst, options))
            {
                foreach (var (k, v) in stored) writer.Put(k, v);
                writer.Finish();
            }
            db.IngestExternalFiles(cf, [sst]);
            Assert.Equal("1", db.GetProperty("rocksdb.num-files-at-level6", cf)); // the bottom level

            var useful = Ticker(db, "rocksdb.bloom.filter.useful");
            foreach (var k in missing) Assert.Null(db.Get(cf, k));
            foreach (var (k, v) in stored.Take(500)) Assert.Equal(v, db.Get(cf, k));
            var filtered = Ticker(db, "rocksdb.bloom.filter.useful") - useful;
            if (skip) Assert.Equal(0, filtered);
            else Assert.True(filtered > missing.Length * 9 / 10, $"the filter ruled out only {filtered} of {missing.Length} missing keys");
        }
    }

    [Fact]
    public void A_family_without_block_cache_never_fills_the_shared_cache()
    {
        using var dir = new TempDirectory();
        var stored = Accounts(4);
        // pread, uncompressed: every block read would otherwise be inserted into the cache.
        var options = Small with { AllowMmapReads = false, Compression = Compression.None, BottommostCompression = Compression.None };
        foreach (var useCache in new[] { true, false })
        {
            using var db = RocksDatabase.Open(dir.Sub($"db-{useCache}"), options,
                new ColumnFamilyDescriptor("accounts", new ColumnFamilyOptions { UseBlockCache = useCache }));
            var cf = db.GetColumnFamily("accounts");
            foreach (var (k, v) in stored) db.Put(cf, k, v);
            db.Flush(cf);
            var before = db.BlockCacheUsage;
            foreach (var (k, v) in stored) Assert.Equal(v, db.Get(cf, k));
            if (useCache) Assert.True(db.BlockCacheUsage > before + (1UL << 20), $"cache usage {before} -> {db.BlockCacheUsage}");
            else Assert.Equal(before, db.BlockCacheUsage);
        }
    }

    [Fact]
    public void Restart_intervals_and_index_type_reach_the_written_files()
    {
        using var dir = new TempDirectory();
        var stored = Accounts(5, 20_000);
        TableProperties Write(string name, RocksDbOptions options, ColumnFamilyOptions? family = null)
        {
            using var db = RocksDatabase.Open(dir.Sub(name), options, new ColumnFamilyDescriptor("accounts", family));
            var cf = db.GetColumnFamily("accounts");
            var sst = dir.Sub(name + ".sst");
            using (var writer = SstFileWriter.Create(sst, options, family))
            {
                foreach (var (k, v) in stored) writer.Put(k, v);
                writer.Finish();
            }
            db.IngestExternalFiles(cf, [sst]);
            foreach (var (k, v) in stored.Take(100)) Assert.Equal(v, db.Get(cf, k));
            return TableProperties.Parse(db.GetProperty("rocksdb.aggregated-table-properties", cf)!,
                (long)db.GetIntProperty("rocksdb.estimate-table-readers-mem", cf)!.Value);
        }

        var everyIndexEntry = Write("index-1", Small with { IndexBlockRestartInterval = 1 });
        var sixteenth = Write("index-16", Small with { IndexBlockRestartInterval = 16 });
        Assert.Equal(everyIndexEntry.DataBlocks, sixteenth.DataBlocks);
        // Fewer restart points (4 bytes each) and delta-encoded entries between them.
        Assert.True(sixteenth.IndexBytes < everyIndexEntry.IndexBytes * 3 / 4, $"index {sixteenth.IndexBytes} vs {everyIndexEntry.IndexBytes} bytes");

        var restartEvery = Write("restart-1", Small with { BlockRestartInterval = 1 });
        var restart16 = Write("restart-16", Small, new ColumnFamilyOptions { BlockRestartInterval = 16 });
        Assert.True(restartEvery.DataBytes > restart16.DataBytes + stored.Length * 2, $"data {restartEvery.DataBytes} vs {restart16.DataBytes} bytes");

        var sparseHash = Write("hash-1", Small with { DataBlockHashRatio = 1 });
        Assert.True(restartEvery.DataBytes > sparseHash.DataBytes + stored.Length, $"hash ratio 0.25: {restartEvery.DataBytes}, 1: {sparseHash.DataBytes} bytes");

        // A partitioned index keeps only its top level in the table reader's memory.
        var twoLevel = Write("two-level", Small with { IndexType = IndexType.TwoLevel, MetadataBlockSize = 1024 });
        Assert.True(twoLevel.ReaderBytes < sixteenth.ReaderBytes, $"reader memory {twoLevel.ReaderBytes} vs {sixteenth.ReaderBytes} bytes");
        var oneLevelReader = Write("one-level", Small with { IndexBlockRestartInterval = 16, BloomBitsPerKey = 0 });
        var twoLevelReader = Write("two-level-no-filter", Small with { IndexType = IndexType.TwoLevel, MetadataBlockSize = 1024, BloomBitsPerKey = 0 });
        Assert.True(twoLevelReader.ReaderBytes * 4 < oneLevelReader.ReaderBytes, $"reader memory {twoLevelReader.ReaderBytes} vs {oneLevelReader.ReaderBytes} bytes");
    }

    [Theory]
    [InlineData(nameof(RocksDbOptions.BlockRestartInterval))]
    [InlineData(nameof(RocksDbOptions.IndexBlockRestartInterval))]
    [InlineData(nameof(RocksDbOptions.DataBlockHashRatio))]
    [InlineData(nameof(RocksDbOptions.IndexType))]
    [InlineData(nameof(ColumnFamilyOptions))]
    public void Invalid_table_settings_are_refused_by_name(string setting)
    {
        using var dir = new TempDirectory();
        var (options, family) = setting switch
        {
            nameof(RocksDbOptions.BlockRestartInterval) => (Small with { BlockRestartInterval = 0 }, null),
            nameof(RocksDbOptions.IndexBlockRestartInterval) => (Small with { IndexBlockRestartInterval = -1 }, null),
            nameof(RocksDbOptions.DataBlockHashRatio) => (Small with { DataBlockHashRatio = 0 }, null),
            nameof(RocksDbOptions.IndexType) => (Small with { IndexType = (IndexType)1 }, null),
            _ => (Small, new ColumnFamilyOptions { BlockRestartInterval = 0 }),
        };
        var expected = setting == nameof(ColumnFamilyOptions) ? nameof(RocksDbOptions.BlockRestartInterval) : setting;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RocksDatabase.Open(dir.Path, options, new ColumnFamilyDescriptor("accounts", family)));
        Assert.Equal(expected, e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => SstFileWriter.Create(dir.Sub("x.sst"), options, family));
        Assert.Throws<ArgumentOutOfRangeException>(() => RocksDatabase.Open(dir.Path, Small with { DataBlockHashRatio = 1.5 }));
    }

    private static long Ticker(RocksDatabase db, string name)
    {
        var match = Regex.Match(db.GetStatistics()!, Regex.Escape(name) + @" COUNT : (\d+)");
        Assert.True(match.Success, name);
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The few fields of RocksDB's "rocksdb.aggregated-table-properties" text these tests compare.</summary>
    private sealed record TableProperties(long DataBlocks, long DataBytes, long IndexBytes, long ReaderBytes)
    {
        public static TableProperties Parse(string text, long readerBytes) => new(Field(text, "# data blocks"), Field(text, "data block size"),
            Field(text, "index block size (user-key? 1, delta-value? 1)"), readerBytes);

        private static long Field(string text, string name)
        {
            var match = Regex.Match(text, "(?:^|; )" + Regex.Escape(name) + @"=(\d+)");
            Assert.True(match.Success, $"no '{name}' in {text}");
            return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }
}
