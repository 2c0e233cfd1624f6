using Stratus.AccountsDb.RocksDb;
using static Stratus.AccountsDb.Tests.RocksDb.TestDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

public sealed class SnapshotTests
{
    [Fact]
    public void A_snapshot_hides_later_puts_deletes_and_flushes()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small, "accounts");
        var cf = db.GetColumnFamily("accounts");
        for (var i = 0; i < 10; i++) db.Put(cf, Key(i), B($"old{i}"));

        using var snapshot = db.CreateSnapshot();
        db.Put(cf, Key(0), B("new0"));
        db.Delete(cf, Key(1));
        db.Put(cf, Key(100), B("new100"));
        db.Flush(cf);
        db.CompactRange(cf); // compaction must keep the versions the snapshot pins

        Assert.Equal("old0", S(snapshot.Get(cf, Key(0))));
        Assert.Equal("old1", S(snapshot.Get(cf, Key(1))));
        Assert.Null(snapshot.Get(cf, Key(100)));
        var buffer = new byte[16];
        Assert.Equal(4, snapshot.Get(cf, Key(2), buffer));
        Assert.True(snapshot.TryRead(cf, Key(3), 0, static (v, _) => Assert.Equal("old3", S(v))));

        Assert.Equal("new0", S(db.Get(cf, Key(0))));
        Assert.Null(db.Get(cf, Key(1)));

        using var it = snapshot.NewIterator(cf);
        var seen = new List<string>();
        for (it.SeekToFirst(); it.Valid; it.Next()) seen.Add(S(it.Value));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"old{i}"), seen);

        using var live = db.NewIterator(cf);
        var count = 0;
        for (live.SeekToFirst(); live.Valid; live.Next()) count++;
        Assert.Equal(10, count); // 10 - deleted 1 + added 100
    }

    [Fact]
    public void Iterator_options_accept_a_snapshot_of_the_same_database_only()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Sub("a"), Small);
        using var other = RocksDatabase.Open(dir.Sub("b"), Small);
        db.Put(B("k"), B("1"));
        using var snapshot = db.CreateSnapshot();
        db.Put(B("k"), B("2"));

        using (var it = db.NewIterator(new IteratorOptions { Snapshot = snapshot }))
        {
            it.Seek(B("k"));
            Assert.Equal("1", S(it.Value));
        }
        Assert.Throws<ArgumentException>(() => other.NewIterator(new IteratorOptions { Snapshot = snapshot }));
        Assert.Throws<ArgumentException>(() => snapshot.Get(other.DefaultColumnFamily, B("k")));
    }
}
