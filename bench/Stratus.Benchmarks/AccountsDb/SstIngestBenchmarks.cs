using BenchmarkDotNet.Attributes;
using Stratus.AccountsDb.RocksDb;

namespace Stratus.Benchmarks.AccountsDb;

/// <summary>
/// Bulk-load path for snapshots with 200k sorted accounts (32-byte keys, 200-byte values, LZ4): writing the SST
/// files, and ingesting prepared files into a fresh database's column family (move_files, as snapshot loading
/// would). entries/s = 200_000 / Mean(s).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 8, invocationCount: 1)]
public class SstIngestBenchmarks
{
    public const int Entries = 200_000;
    private const int PerFile = 50_000;

    private string _dir = "";
    private byte[] _keys = [];
    private int _round;
    private string _roundDir = "";
    private List<string> _files = [];
    private readonly RocksDbOptions _options = new() { Compression = Compression.Lz4, BottommostCompression = Compression.Lz4, BlockCacheSize = 8UL << 20 };

    [GlobalSetup]
    public void Setup()
    {
        _dir = AccountsDbBenchData.TempDirectory("sst-ingest");
        _keys = AccountsDbBenchData.SortedKeys(Entries, seed: 43);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [IterationSetup]
    public void NextRound()
    {
        _roundDir = Path.Combine(_dir, (_round++).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _files = AccountsDbBenchData.WriteSstFiles(Path.Combine(_roundDir, "prepared"), _keys, Entries, PerFile, _options);
    }

    [IterationCleanup]
    public void DropRound() => Directory.Delete(_roundDir, recursive: true);

    [Benchmark]
    public int WriteSstFiles200k() =>
        AccountsDbBenchData.WriteSstFiles(Path.Combine(_roundDir, "written"), _keys, Entries, PerFile, _options).Count;

    [Benchmark]
    public ulong OpenAndIngest200k()
    {
        using var db = RocksDatabase.Open(Path.Combine(_roundDir, "db"), _options, "accounts");
        var cf = db.GetColumnFamily("accounts");
        db.IngestExternalFiles(cf, _files, new IngestOptions { MoveFiles = true });
        var keys = db.GetIntProperty("rocksdb.estimate-num-keys", cf) ?? 0;
        if (keys != Entries) throw new InvalidOperationException($"ingested {keys} keys, expected {Entries}");
        return keys;
    }
}
