using Stratus.AccountsDb.RocksDb;
using static Stratus.AccountsDb.Tests.RocksDb.TestDb;

namespace Stratus.AccountsDb.Tests.RocksDb;

public sealed class IteratorTests
{
    private static List<(byte[] Key, byte[] Value)> ReadAll(RocksDbIterator it)
    {
        var items = new List<(byte[], byte[])>();
        for (; it.Valid; it.Next()) items.Add((it.Key.ToArray(), it.Value.ToArray()));
        return items;
    }

    [Fact]
    public void Iterates_memtable_and_sst_entries_in_unsigned_byte_order()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        var rng = new Random(7);
        var keys = new HashSet<string>();
        var all = new List<byte[]>();
        while (all.Count < 400)
        {
            var k = new byte[rng.Next(0, 6)];
            rng.NextBytes(k);
            if (keys.Add(Convert.ToHexString(k))) all.Add(k);
        }
        for (var i = 0; i < all.Count; i++)
        {
            db.Put(cf, all[i], BitConverter.GetBytes(i));
            if (i == 200) db.Flush(cf); // half in an SST, half in the memtable
        }

        using var it = db.NewIterator(cf);
        it.SeekToFirst();
        var got = ReadAll(it);
        var expected = all.OrderBy(k => k, ByteComparer.Instance).ToList();
        Assert.Equal(expected.Count, got.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], got[i].Key);
            Assert.Equal(all.IndexOf(expected[i]), BitConverter.ToInt32(got[i].Value));
        }

        // Backwards gives the reverse order.
        it.SeekToLast();
        var backwards = new List<byte[]>();
        for (; it.Valid; it.Prev()) backwards.Add(it.Key.ToArray());
        expected.Reverse();
        Assert.Equal(expected, backwards);
    }

    [Fact]
    public void Bounds_confine_the_iterator_to_lower_inclusive_upper_exclusive()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        for (var i = 0; i < 100; i++) db.Put(cf, Key(i), Key(i * 10));

        using var it = db.NewIterator(cf, new IteratorOptions { LowerBound = Key(20), UpperBound = Key(30) });
        it.SeekToFirst();
        Assert.Equal(Enumerable.Range(20, 10).Select(i => Key(i)), ReadAll(it).Select(e => e.Key));

        it.SeekToLast();
        Assert.Equal(Key(29), it.Key.ToArray());
        Assert.Equal(Key(290), it.Value.ToArray());

        it.Seek(Key(5)); // below the lower bound: clamps to it
        Assert.Equal(Key(20), it.Key.ToArray());
        it.Seek(Key(30)); // at the upper bound: nothing
        Assert.False(it.Valid);
    }

    [Fact]
    public void Seek_and_seek_for_prev_land_on_neighbours_of_missing_keys()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        var cf = db.DefaultColumnFamily;
        for (var i = 0; i < 50; i += 10) db.Put(cf, Key(i), B($"v{i}"));

        using var it = db.NewIterator(cf);
        it.Seek(Key(15));
        Assert.Equal(Key(20), it.Key.ToArray());
        it.SeekForPrev(Key(15));
        Assert.Equal(Key(10), it.Key.ToArray());
        it.SeekForPrev(Key(20));
        Assert.Equal(Key(20), it.Key.ToArray());
        it.Prev();
        Assert.Equal("v10", S(it.Value));
        it.Seek(Key(41));
        Assert.False(it.Valid);
        it.SeekForPrev(ReadOnlySpan<byte>.Empty); // nothing sorts before the empty key
        Assert.False(it.Valid);
    }

    [Fact]
    public void Reading_an_unpositioned_or_disposed_iterator_throws_instead_of_crashing()
    {
        using var dir = new TempDirectory();
        using var db = RocksDatabase.Open(dir.Path, Small);
        db.Put(B("k"), B("v"));
        var it = db.NewIterator();
        Assert.False(it.Valid);
        Assert.Throws<InvalidOperationException>(() => it.Key.Length);
        Assert.Throws<InvalidOperationException>(() => it.Value.Length);
        Assert.Throws<InvalidOperationException>(it.Next);
        it.SeekToFirst();
        it.Next();
        Assert.False(it.Valid);
        Assert.Throws<InvalidOperationException>(it.Prev);

        it.Dispose();
        Assert.Throws<ObjectDisposedException>(it.SeekToFirst);
        Assert.Throws<ObjectDisposedException>(() => it.Key.Length);
    }

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
