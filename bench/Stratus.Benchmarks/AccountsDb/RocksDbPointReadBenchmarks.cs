using BenchmarkDotNet.Attributes;
using Stratus.AccountsDb.RocksDb;

namespace Stratus.Benchmarks.AccountsDb;

/// <summary>
/// Single-threaded random point reads on ~1M accounts (32-byte keys, 200-byte values, LZ4, 4 KiB blocks, bloom
/// 10 bits/key). With the 8 MiB block cache most reads miss it and read + decompress a block (from the OS page
/// cache, so "cold-ish" rather than disk-cold).
/// One operation = one Get; ops/s = 1e9 / Mean(ns).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class RocksDbPointReadBenchmarks
{
    private const int Batch = 20_000;

    [Params(1_000_000)]
    public int Accounts { get; set; }

    /// <summary>8 MiB: cold-ish (the ~250 MB of data blocks mostly miss). 1024 MiB: everything cached after warm-up,
    /// which isolates the binding and RocksDB's in-memory lookup cost.</summary>
    [Params(8, 1024)]
    public int CacheMiB { get; set; }

    private string _dir = "";
    private RocksDatabase _db = null!;
    private ColumnFamily _cf = null!;
    private byte[] _keys = [];
    private int[] _hitOrder = [];
    private byte[][] _missKeys = [];
    private readonly byte[] _value = new byte[AccountsDbBenchData.ValueSize];

    [GlobalSetup]
    public void Setup()
    {
        _dir = AccountsDbBenchData.TempDirectory("point-read");
        var options = new RocksDbOptions { EnableStatistics = true, BlockCacheSize = (ulong)CacheMiB << 20, BloomBitsPerKey = 10, Compression = Compression.Lz4, BottommostCompression = Compression.Lz4 };
        _keys = AccountsDbBenchData.SortedKeys(Accounts, seed: 42);
        var files = AccountsDbBenchData.WriteSstFiles(Path.Combine(_dir, "sst"), _keys, Accounts, perFile: 250_000, options);
        _db = RocksDatabase.Open(Path.Combine(_dir, "db"), options, "accounts");
        _cf = _db.GetColumnFamily("accounts");
        _db.IngestExternalFiles(_cf, files, new IngestOptions { MoveFiles = true });

        var rng = new Random(7);
        _hitOrder = new int[Batch];
        for (var i = 0; i < Batch; i++) _hitOrder[i] = rng.Next(Accounts);
        _missKeys = new byte[Batch][];
        for (var i = 0; i < Batch; i++)
        {
            _missKeys[i] = new byte[AccountsDbBenchData.KeySize];
            rng.NextBytes(_missKeys[i]);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Show how cold the reads were: block-cache data hits vs misses over the whole run.
        foreach (var line in (_db.GetStatistics() ?? "").Split('\n'))
            if (line.StartsWith("rocksdb.block.cache.data.", StringComparison.Ordinal) || line.StartsWith("rocksdb.bloom.filter.useful", StringComparison.Ordinal))
                Console.WriteLine("// " + line.Trim());
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int RandomGetHit()
    {
        var total = 0;
        foreach (var i in _hitOrder)
            total += _db.Get(_cf, _keys.AsSpan(i * AccountsDbBenchData.KeySize, AccountsDbBenchData.KeySize), _value);
        return total;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int RandomGetMiss()
    {
        var found = 0;
        foreach (var k in _missKeys)
            if (_db.Get(_cf, k, _value) >= 0) found++;
        return found;
    }
}
