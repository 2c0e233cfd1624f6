using Stratus.AccountsDb.RocksDb;
using static Stratus.AccountsDb.Tests.RocksDb.TestDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

public sealed class WriteBatchTests
{
    [Fact]
    public void A_batch_is_invisible_until_written_then_applies_every_operation()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small, "accounts", "index");
        var accounts = db.GetColumnFamily("accounts");
        var index = db.GetColumnFamily("index");
        db.Put(accounts, B("old"), B("x"));

        using var batch = new WriteBatch();
        batch.Put(accounts, B("a1"), B("v1"))
             .Put(index, B("i1"), B("a1"))
             .Delete(accounts, B("old"))
             .Put(accounts, B("a1"), B("v2")); // later operations in a batch win
        Assert.Equal(4, batch.Count);
        Assert.True(batch.DataSize > 0);

        Assert.Null(db.Get(accounts, B("a1")));
        Assert.NotNull(db.Get(accounts, B("old")));

        db.Write(batch);
        Assert.Equal("v2", S(db.Get(accounts, B("a1"))));
        Assert.Equal("a1", S(db.Get(index, B("i1"))));
        Assert.Null(db.Get(accounts, B("old")));

        batch.Clear();
        Assert.Equal(0, batch.Count);
        batch.DeleteRange(accounts, B("a"), B("b"));
        db.Write(batch);
        Assert.Null(db.Get(accounts, B("a1")));
    }

    [Fact]
    public async Task Concurrent_snapshot_readers_never_see_half_a_batch()
    {
        const int keys = 32;
        const int minRounds = 300;
        const int minChecks = 100;
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small, "a", "b");
        var a = db.GetColumnFamily("a");
        var b = db.GetColumnFamily("b");

        void WriteRound(int round)
        {
            using var batch = new WriteBatch();
            var value = BitConverter.GetBytes(round);
            for (var k = 0; k < keys; k++)
            {
                batch.Put(a, Key(k), value);
                batch.Put(b, Key(k), value);
            }
            db.Write(batch);
        }

        WriteRound(0);
        var torn = 0;
        var checks = 0; // written by the reader only
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var buffer = new byte[4];
            while (!stop.IsCancellationRequested)
            {
                using var snapshot = db.CreateSnapshot();
                Assert.Equal(4, snapshot.Get(a, Key(0), buffer));
                var expected = BitConverter.ToInt32(buffer);
                for (var k = 0; k < keys; k++)
                {
                    snapshot.Get(a, Key(k), buffer);
                    if (BitConverter.ToInt32(buffer) != expected) torn++;
                    snapshot.Get(b, Key(k), buffer);
                    if (BitConverter.ToInt32(buffer) != expected) torn++;
                }
                Interlocked.Increment(ref checks);
            }
        });
        // Keep writing until the reader has raced against enough batches (bounded in time).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var rounds = 0;
        while ((rounds < minRounds || Volatile.Read(ref checks) < minChecks) && DateTime.UtcNow < deadline) WriteRound(++rounds);
        stop.Cancel();
        await reader.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, torn);
        Assert.True(checks >= minChecks, $"only {checks} snapshot checks ran");
        Assert.Equal(rounds, BitConverter.ToInt32(db.Get(b, Key(keys - 1))));
    }

    [Fact]
    public void A_batch_cannot_mix_databases()
    {
        using var dir = new TempDirectory();
        using var db1 = RocksDatabase.Open(dir.Sub("1"), Small);
        using var db2 = RocksDatabase.Open(dir.Sub("2"), Small);
        using var batch = new WriteBatch();
        batch.Put(db1.DefaultColumnFamily, B("k"), B("v"));
        Assert.Throws<ArgumentException>(() => batch.Put(db2.DefaultColumnFamily, B("k"), B("v")));
        Assert.Throws<ArgumentException>(() => db2.Write(batch));
        Assert.Null(db2.Get(B("k")));
    }
}
