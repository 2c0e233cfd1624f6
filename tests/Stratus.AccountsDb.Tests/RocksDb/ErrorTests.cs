using Stratus.AccountsDb.Native;
using Stratus.AccountsDb.RocksDb;
using static Stratus.AccountsDb.Tests.RocksDb.TestDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

public sealed class ErrorTests
{
    [Fact]
    public void Opening_a_database_twice_reports_the_lock()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var e = Assert.Throws<RocksDbException>(() => RocksDatabase.Open(dir.Path, Small));
        Assert.Equal("IO error", e.Code);
        Assert.Contains(Path.Combine(dir.Path, "LOCK"), e.Message);
        Assert.Contains("lock", e.Status, StringComparison.OrdinalIgnoreCase);
        db.Put(B("still"), B("usable"));
        Assert.Equal("usable", S(db.Get(B("still"))));
    }

    [Fact]
    public void The_lock_is_released_on_dispose()
    {
        using var dir = new TempDirectory();
        RocksDatabase.Open(dir.Path, Small).Dispose();
        using var again = RocksDatabase.Open(dir.Path, Small);
    }

    [Fact]
    public void Opening_a_missing_database_without_create_if_missing_fails()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<RocksDbException>(() => RocksDatabase.Open(dir.Sub("absent"), Small with { CreateIfMissing = false }));
        Assert.Equal("Invalid argument", e.Code);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Every_call_after_dispose_throws_object_disposed()
    {
        using var dir = new TempDirectory();
        var db = RocksDatabase.Open(dir.Path, Small, "accounts");
        var cf = db.GetColumnFamily("accounts");
        db.Put(cf, B("k"), B("v"));
        db.Dispose();
        db.Dispose(); // idempotent

        Assert.Throws<ObjectDisposedException>(() => db.Get(cf, B("k")));
        Assert.Throws<ObjectDisposedException>(() => db.Get(cf, B("k"), new byte[8]));
        Assert.Throws<ObjectDisposedException>(() => db.Put(cf, B("k"), B("v")));
        Assert.Throws<ObjectDisposedException>(() => db.Delete(cf, B("k")));
        Assert.Throws<ObjectDisposedException>(() => db.NewIterator(cf));
        Assert.Throws<ObjectDisposedException>(() => db.CreateSnapshot());
        Assert.Throws<ObjectDisposedException>(() => db.GetStatistics());
        Assert.Throws<ObjectDisposedException>(() => db.GetProperty("rocksdb.estimate-num-keys", cf));
        Assert.Throws<ObjectDisposedException>(() => db.Flush());
        Assert.Throws<ObjectDisposedException>(() => db.GetColumnFamily("accounts"));
        using var batch = new WriteBatch();
        Assert.Throws<ObjectDisposedException>(() => batch.Put(cf, B("k"), B("v")));
    }

    [Fact]
    public void An_iterator_keeps_the_database_open_until_it_is_disposed()
    {
        using var dir = new TempDirectory();
        var db = RocksDatabase.Open(dir.Path, Small);
        for (var i = 0; i < 100; i++) db.Put(Key(i), Key(i));
        var it = db.NewIterator();
        db.Dispose();

        // The native database stays alive for the iterator: reading it is safe.
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) n++;
        Assert.Equal(100, n);
        Assert.Throws<RocksDbException>(() => RocksDatabase.Open(dir.Path, Small)); // still locked

        it.Dispose(); // last reference: the database closes now
        using var reopened = RocksDatabase.Open(dir.Path, Small);
        Assert.Equal(Key(7), reopened.Get(Key(7)));
    }

    [Fact]
    public void A_snapshot_outliving_its_database_fails_cleanly()
    {
        using var dir = new TempDirectory();
        var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        db.Put(cf, B("k"), B("v"));
        var snapshot = db.CreateSnapshot();
        db.Dispose();
        Assert.Throws<ObjectDisposedException>(() => snapshot.Get(cf, B("k")));
        snapshot.Dispose();
        using var reopened = RocksDatabase.Open(dir.Path, Small);
        Assert.Equal("v", S(reopened.Get(B("k"))));
    }

    [Fact]
    public void Column_families_of_another_database_are_rejected()
    {
        using var dir = new TempDirectory();
        using var db1 = RocksDatabase.Open(dir.Sub("1"), Small);
        using var db2 = RocksDatabase.Open(dir.Sub("2"), Small);
        Assert.Throws<ArgumentException>(() => db1.Put(db2.DefaultColumnFamily, B("k"), B("v")));
        Assert.Throws<KeyNotFoundException>(() => db1.GetColumnFamily("nope"));
    }

    [Fact]
    public void A_missing_native_library_names_its_debian_package()
    {
        var dependency = new NativeDependency("libstratus-not-installed.so.9", "libstratus-not-installed9");
        var e = Assert.Throws<NativeDependencyException>(dependency.EnsureLoaded);
        Assert.Equal("libstratus-not-installed9", e.PackageName);
        Assert.Equal("libstratus-not-installed.so.9", e.LibraryName);
        Assert.Contains("apt-get install libstratus-not-installed9", e.Message);
        // The failure is remembered, not retried into a different error.
        Assert.Throws<NativeDependencyException>(() => dependency.Handle);

        Assert.Equal("librocksdb7.8", NativeLibraries.RocksDb.Package);
        Assert.Equal("librocksdb.so.7.8", NativeLibraries.RocksDb.Soname);
        Assert.Equal("libzstd1", NativeLibraries.Zstd.Package);
    }
}
