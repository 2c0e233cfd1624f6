using Stratus.AccountsDb.RocksDb;
using static Stratus.AccountsDb.Tests.RocksDb.TestDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

public sealed class SstIngestionTests
{
    [Fact]
    public void Written_sst_files_ingest_into_a_column_family_and_read_back()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Sub("db"), Small, "accounts");
        var cf = db.GetColumnFamily("accounts");
        db.Put(cf, Key(5), B("existing, overwritten by the file"));
        db.Put(cf, Key(5000), B("existing, outside the file"));

        var files = new List<string>();
        for (var f = 0; f < 2; f++)
        {
            using var writer = SstFileWriter.Create(dir.Sub($"part{f}.sst"), Small);
            for (var i = f * 1000; i < (f + 1) * 1000; i++) writer.Put(Key(i), B($"file{i}"));
            var size = writer.Finish();
            Assert.Equal(1000, writer.Count);
            Assert.True(size > 1000);
            Assert.Equal((long)size, new FileInfo(writer.FilePath).Length);
            files.Add(writer.FilePath);
        }

        db.IngestExternalFiles(cf, files);

        for (var i = 0; i < 2000; i++) Assert.Equal($"file{i}", S(db.Get(cf, Key(i))));
        Assert.Equal("existing, outside the file", S(db.Get(cf, Key(5000))));
        using var it = db.NewIterator(cf);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) n++;
        Assert.Equal(2001, n);
        Assert.All(files, f => Assert.True(File.Exists(f))); // copied, not moved
    }

    [Fact]
    public void Move_files_hands_the_file_over_and_tombstones_hide_older_keys()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Sub("db"), Small);
        var cf = db.DefaultColumnFamily;
        db.Put(cf, B("a"), B("1"));
        db.Put(cf, B("b"), B("2"));
        db.Flush(cf);

        var path = dir.Sub("delta.sst");
        using (var writer = SstFileWriter.Create(path, Small))
        {
            writer.Delete(B("a"));
            writer.Put(B("c"), B("3"));
            writer.Finish();
        }
        db.IngestExternalFiles(cf, [path], new IngestOptions { MoveFiles = true });

        Assert.Null(db.Get(cf, B("a")));
        Assert.Equal("2", S(db.Get(cf, B("b"))));
        Assert.Equal("3", S(db.Get(cf, B("c"))));
        // Reopen reads the ingested file from the database directory.
        db.Dispose();
        File.Delete(path);
        using var reopened = RocksDatabase.Open(dir.Sub("db"), Small);
        Assert.Equal("3", S(reopened.Get(B("c"))));
        Assert.Null(reopened.Get(B("a")));
    }

    [Fact]
    public void Unsorted_or_duplicate_keys_are_rejected_with_rocksdb_reason()
    {
        using var dir = new TempDirectory();
        using var writer = SstFileWriter.Create(dir.Sub("x.sst"), Small);
        writer.Put(B("b"), B("1"));
        var unsorted = Assert.Throws<RocksDbException>(() => writer.Put(B("a"), B("2")));
        Assert.Contains("strict ascending order", unsorted.Message);
        Assert.Equal("Invalid argument", unsorted.Code);
        var duplicate = Assert.Throws<RocksDbException>(() => writer.Put(B("b"), B("3")));
        Assert.Contains("strict ascending order", duplicate.Message);
        writer.Put(B("c"), B("4")); // the writer stays usable
        writer.Finish();
        Assert.Throws<InvalidOperationException>(() => writer.Put(B("d"), B("5")));
    }

    [Fact]
    public void Finishing_an_empty_file_or_ingesting_a_missing_one_fails_precisely()
    {
        using var dir = new TempDirectory();
        using (var writer = SstFileWriter.Create(dir.Sub("empty.sst"), Small))
        {
            var e = Assert.Throws<RocksDbException>(() => writer.Finish());
            Assert.Contains("no entries", e.Message);
        }
        using var db = RocksDatabase.Open(dir.Sub("db"), Small);
        var missing = dir.Sub("missing.sst");
        var ex = Assert.Throws<RocksDbException>(() => db.IngestExternalFiles(db.DefaultColumnFamily, [missing]));
        Assert.Contains("missing.sst", ex.Message);
    }
}
