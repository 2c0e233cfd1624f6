using Stratus.AccountsDb.RocksDb;
using static Stratus.AccountsDb.Tests.RocksDb.TestDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

public sealed class ReadWriteTests
{
    [Fact]
    public void Put_get_delete_are_separate_per_column_family()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small, "accounts", "index");
        var accounts = db.GetColumnFamily("accounts");
        var index = db.GetColumnFamily("index");

        db.Put(accounts, B("k1"), B("account-1"));
        db.Put(index, B("k1"), B("index-1"));
        db.Put(B("k1"), B("default-1"));

        Assert.Equal("account-1", S(db.Get(accounts, B("k1"))));
        Assert.Equal("index-1", S(db.Get(index, B("k1"))));
        Assert.Equal("default-1", S(db.Get(B("k1"))));
        Assert.Null(db.Get(accounts, B("k2")));

        db.Put(accounts, B("k1"), B("account-1b"));
        Assert.Equal("account-1b", S(db.Get(accounts, B("k1"))));

        db.Delete(accounts, B("k1"));
        Assert.Null(db.Get(accounts, B("k1")));
        Assert.Equal("index-1", S(db.Get(index, B("k1"))));
        Assert.False(db.ContainsKey(accounts, B("k1")));
        Assert.True(db.ContainsKey(index, B("k1")));

        Assert.Equal(new[] { "accounts", "default", "index" }, db.ColumnFamilies.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Empty_keys_and_values_and_binary_bytes_round_trip()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        db.Put(ReadOnlySpan<byte>.Empty, B("empty-key"));
        db.Put(B("empty-value"), ReadOnlySpan<byte>.Empty);
        db.Put(binary, binary.Reverse().ToArray());

        Assert.Equal("empty-key", S(db.Get(ReadOnlySpan<byte>.Empty)));
        Assert.Equal(Array.Empty<byte>(), db.Get(B("empty-value")));
        Assert.Equal(binary.Reverse().ToArray(), db.Get(binary));
    }

    [Fact]
    public void Get_into_span_copies_only_when_the_value_fits()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        var value = Enumerable.Range(0, 200).Select(i => (byte)(i * 7)).ToArray();
        db.Put(cf, B("acct"), value);

        var big = new byte[300];
        Assert.Equal(200, db.Get(cf, B("acct"), big));
        Assert.Equal(value, big[..200]);

        var small = new byte[10];
        Assert.Equal(200, db.Get(cf, B("acct"), small));
        Assert.All(small, b => Assert.Equal(0, b));

        Assert.Equal(-1, db.Get(cf, B("missing"), big));
    }

    [Fact]
    public void TryRead_hands_the_pinned_value_to_the_reader()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        db.Put(cf, B("acct"), B("lamports=42"));

        var sink = new List<string>();
        Assert.True(db.TryRead(cf, B("acct"), sink, static (value, s) => s.Add(S(value))));
        Assert.False(db.TryRead(cf, B("nope"), sink, static (value, s) => s.Add("called for a missing key")));
        Assert.Equal(new[] { "lamports=42" }, sink);
    }

    [Fact]
    public void Data_and_column_families_persist_across_reopen()
    {
        using var dir = new TempDirectory();
        using (var db = RocksDatabase.Open(dir.Path, Small, "accounts"))
        {
            var cf = db.GetColumnFamily("accounts");
            for (var i = 0; i < 500; i++) db.Put(cf, Key(i), B($"v{i}"));
            db.Flush(cf);
            for (var i = 500; i < 1000; i++) db.Put(cf, Key(i), B($"v{i}")); // left in the WAL only
        }

        Assert.Equal(new[] { "accounts", "default" }, RocksDatabase.ListColumnFamilies(dir.Path).Order(StringComparer.Ordinal));

        // Not naming "accounts" still opens it: existing families are always opened.
        using (var db = RocksDatabase.Open(dir.Path, Small with { CreateIfMissing = false }))
        {
            var cf = db.GetColumnFamily("accounts");
            for (var i = 0; i < 1000; i++) Assert.Equal($"v{i}", S(db.Get(cf, Key(i))));
        }
    }

    [Theory]
    [InlineData(Compression.None)]
    [InlineData(Compression.Snappy)]
    [InlineData(Compression.Lz4)]
    [InlineData(Compression.Zstd)]
    public void Compressed_column_families_read_back_after_flush_and_compaction(Compression compression)
    {
        using var dir = new TempDirectory();
        var cfOptions = new ColumnFamilyOptions { Compression = compression, BottommostCompression = compression };
        var value = new byte[4096]; // compressible
        for (var i = 0; i < value.Length; i++) value[i] = (byte)(i % 16);
        using (var db = RocksDatabase.Open(dir.Path, Small, new ColumnFamilyDescriptor("data", cfOptions)))
        {
            var cf = db.GetColumnFamily("data");
            for (var i = 0; i < 300; i++) db.Put(cf, Key(i), value);
            db.Flush(cf);
            db.CompactRange(cf);
            var sst = ulong.Parse(db.GetProperty("rocksdb.total-sst-files-size", cf)!, System.Globalization.CultureInfo.InvariantCulture);
            if (compression == Compression.None) Assert.True(sst > 300UL * 4096, $"uncompressed SST size {sst}");
            else Assert.True(sst < 300UL * 4096 / 4, $"{compression} SST size {sst} is not compressed");
        }
        using (var db = RocksDatabase.Open(dir.Path, Small, new ColumnFamilyDescriptor("data", cfOptions)))
        {
            var cf = db.GetColumnFamily("data");
            for (var i = 0; i < 300; i++) Assert.Equal(value, db.Get(cf, Key(i)));
        }
    }

    [Fact]
    public void Properties_report_key_estimates_and_unknown_names_give_null()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        for (var i = 0; i < 1000; i++) db.Put(cf, Key(i), B("x"));
        db.Flush(cf);

        Assert.Equal(1000UL, db.GetIntProperty("rocksdb.estimate-num-keys", cf));
        Assert.Equal("1000", db.GetProperty("rocksdb.estimate-num-keys", cf));
        Assert.Contains("Compaction Stats", db.GetProperty("rocksdb.stats", cf));
        Assert.Null(db.GetProperty("rocksdb.no-such-property", cf));
        Assert.Null(db.GetIntProperty("rocksdb.no-such-property", cf));
        Assert.True(db.LatestSequenceNumber >= 1000);
    }

    [Fact]
    public void Statistics_are_available_only_when_enabled()
    {
        using var dir = new TempDirectory();
        using (var db = RocksDatabase.Open(dir.Sub("on"), Small with { EnableStatistics = true }))
        {
            db.Put(B("a"), B("1"));
            db.Flush();
            Assert.NotNull(db.Get(B("a")));
            var stats = db.GetStatistics();
            Assert.False(string.IsNullOrWhiteSpace(stats));
            Assert.Contains("rocksdb.block.cache.miss COUNT", stats);
            Assert.Contains("rocksdb.number.keys.written COUNT : 1", stats);
        }
        using (var db = RocksDatabase.Open(dir.Sub("off"), Small with { EnableStatistics = false }))
            Assert.Null(db.GetStatistics());
    }

    [Fact]
    public void Column_families_can_be_created_and_dropped_at_run_time()
    {
        using var dir = new TempDirectory();
        using (var db = RocksDatabase.Open(dir.Path, Small))
        {
            var added = db.CreateColumnFamily("slots", new ColumnFamilyOptions { Compression = Compression.Zstd });
            db.Put(added, B("s"), B("1"));
            var doomed = db.CreateColumnFamily("doomed");
            db.Put(doomed, B("d"), B("1"));
            db.DropColumnFamily(doomed);
            Assert.False(db.TryGetColumnFamily("doomed", out _));
            Assert.Throws<ArgumentException>(() => db.CreateColumnFamily("slots"));
            Assert.Throws<ArgumentException>(() => db.DropColumnFamily(db.DefaultColumnFamily));
        }
        Assert.Equal(new[] { "default", "slots" }, RocksDatabase.ListColumnFamilies(dir.Path).Order(StringComparer.Ordinal));
        using (var db = RocksDatabase.Open(dir.Path, Small))
            Assert.Equal("1", S(db.Get(db.GetColumnFamily("slots"), B("s"))));
    }

    [Fact]
    public void Delete_range_removes_the_half_open_interval_and_compaction_reclaims_it()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        for (var i = 0; i < 100; i++) db.Put(cf, Key(i), B("v"));
        db.Flush(cf);
        db.DeleteRange(cf, Key(10), Key(90));
        Assert.NotNull(db.Get(cf, Key(9)));
        Assert.Null(db.Get(cf, Key(10)));
        Assert.Null(db.Get(cf, Key(89)));
        Assert.NotNull(db.Get(cf, Key(90)));

        db.Flush(cf);
        db.CompactRange(cf);
        Assert.Equal(20UL, db.GetIntProperty("rocksdb.estimate-num-keys", cf));
        Assert.Equal("0", db.GetProperty("rocksdb.num-files-at-level0", cf));
    }
}
