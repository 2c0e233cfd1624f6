using System.Diagnostics;
using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;
using Stratus.Core;

namespace Stratus.Benchmarks.AccountsDb;

/// <summary>
/// <c>dotnet run -c Release --project bench/Stratus.Benchmarks -- snapshot-load N [WORKDIR]</c>: generates (once) a
/// synthetic snapshot of N accounts from the sig-2025 template, loads and verifies it, reports accounts/s and peak
/// RSS, then does random point reads from one thread on a freshly opened store (cold block cache, no account cache).
/// </summary>
public static class SnapshotLoadBench
{
    private const string Template = "/work/shared/data/snapshots/sig-2025/snapshot-1-5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar.zst";

    public static int Run(string[] args)
    {
        var accounts = args.Length > 0 ? long.Parse(args[0]) : 1_000_000;
        var work = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "stratus-snapload-bench");
        var template = Environment.GetEnvironmentVariable("STRATUS_SNAPSHOT_TEMPLATE") ?? Template;
        // STRATUS_SYNTHETIC_DATA=random: every data byte random (incompressible) instead of 64 random bytes then zeros.
        // STRATUS_SYNTHETIC_DATA=programs: accounts of 1 KiB or more hold slices of the real program binaries in
        // ../shared/data/elfs (real-world compressibility for the large accounts) instead of 64 random bytes then zeros.
        var dataMode = Environment.GetEnvironmentVariable("STRATUS_SYNTHETIC_DATA");
        var randomData = dataMode == "random";
        var programs = dataMode == "programs" ? ProgramBytes(template) : null;
        var archiveDir = Path.Combine(work, randomData ? $"synthetic-random-{accounts}" : programs != null ? $"synthetic-programs-{accounts}" : $"synthetic-{accounts}");
        var archive = Directory.Exists(archiveDir) ? Directory.GetFiles(archiveDir, "snapshot-*.tar.zst").FirstOrDefault() : null;
        if (archive == null)
        {
            var gen = Stopwatch.StartNew();
            var summary = SyntheticSnapshot.Write(template, archiveDir, accounts, randomData: randomData, largeContent: programs);
            archive = summary.Path;
            Console.WriteLine($"generated {summary.Records:N0} records ({summary.Accounts:N0} live accounts), {summary.ArchiveBytes / 1048576.0:F1} MiB in {gen.Elapsed.TotalSeconds:F1} s: {archive}");
        }

        var db = Path.Combine(work, "db");
        var sw = Stopwatch.StartNew();
        var defaults = new SnapshotLoaderOptions();
        var result = SnapshotLoader.Load(db, archive, null, new SnapshotLoaderOptions
        {
            // Overrides for tuning runs: STRATUS_STAGING_MIB (staging memory), STRATUS_WORKERS (merge threads),
            // STRATUS_STAGING_ZSTD (level of spilled chunks, or "off"), STRATUS_SST_COMPRESSION (none, lz4, zstd, ...),
            // STRATUS_BLOB_THRESHOLD (data bytes above which an account goes to a blob file, or "off"),
            // STRATUS_BLOB_ZSTD (zstd level of blob data, or "off").
            StagingMemoryBytes = Environment.GetEnvironmentVariable("STRATUS_STAGING_MIB") is { } mib ? long.Parse(mib) << 20 : defaults.StagingMemoryBytes,
            Workers = Environment.GetEnvironmentVariable("STRATUS_WORKERS") is { } workers ? int.Parse(workers) : defaults.Workers,
            FileCompression = Environment.GetEnvironmentVariable("STRATUS_SST_COMPRESSION") is { } sst ? Enum.Parse<Compression>(sst, ignoreCase: true) : defaults.FileCompression,
            BlobThresholdBytes = Environment.GetEnvironmentVariable("STRATUS_BLOB_THRESHOLD") is { } blob ? (blob == "off" ? int.MaxValue : int.Parse(blob)) : defaults.BlobThresholdBytes,
            BlobCompressionLevel = Environment.GetEnvironmentVariable("STRATUS_BLOB_ZSTD") is { } blobLevel ? (blobLevel == "off" ? null : int.Parse(blobLevel)) : defaults.BlobCompressionLevel,
            StagingCompressionLevel = Environment.GetEnvironmentVariable("STRATUS_STAGING_ZSTD") is { } level ? (level == "off" ? null : int.Parse(level)) : defaults.StagingCompressionLevel,
            Progress = p => Console.WriteLine($"  {p.Phase}: {p.Accounts:N0} ({p.AccountsPerSecond:N0}/s) {p.Elapsed:mm\\:ss}"),
            ProgressInterval = TimeSpan.FromSeconds(10),
        });
        var seconds = sw.Elapsed.TotalSeconds;
        var peak = PeakRssBytes();
        Console.WriteLine($"load+verify: {result.RecordsRead:N0} records, {result.AccountCount:N0} accounts in {seconds:F1} s = {result.RecordsRead / seconds:N0} records/s; " +
                          $"verified by {result.VerifiedBy}; peak RSS {peak / 1048576.0:F0} MiB");
        foreach (var stage in result.Stages)
            Console.WriteLine($"  {stage.Name,-55} wall {stage.Wall.TotalSeconds,6:F2} s  CPU {stage.Cpu.TotalSeconds,6:F2} s  RSS {stage.ResidentBytes >> 20,5} MiB (managed heap {stage.ManagedHeapBytes >> 20} MiB)");
        foreach (var note in result.PipelineNotes) Console.WriteLine($"  {note}");
        Console.WriteLine($"  load average {File.ReadAllText("/proc/loadavg").Trim()}");

        if (Environment.GetEnvironmentVariable("STRATUS_SKIP_READS") != "1") ColdReads(db, result.AccountCount);
        return 0;
    }

    /// <summary><c>snapshot-read DBDIR</c>: only the cold random reads, on a store loaded before.</summary>
    public static int RunReads(string[] args)
    {
        long count;
        using (var store = AccountStore.Open(args[0])) count = store.RootAccountCount;
        ColdReads(args[0], count);
        return 0;
    }

    /// <summary>Every sBPF program binary under the shared data's elfs directory (next to the template's snapshots directory), concatenated.</summary>
    private static byte[] ProgramBytes(string template)
    {
        var data = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(template)!, "..", ".."));
        var files = Directory.GetFiles(Path.Combine(data, "elfs"), "*.so", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"no program binaries under {data}/elfs");
        return [.. files.SelectMany(File.ReadAllBytes)];
    }

    /// <summary>
    /// Random reads: sample keys, reopen (cold RocksDB block cache), read them in random order. Environment:
    /// STRATUS_READ_KEYS=FILE keeps the sampled keys in FILE (sampled once) so reruns and profiles skip the scan;
    /// STRATUS_READ_PASSES=N repeats the reopen-and-read pass N times (default 2; each pass reopens the store, so every
    /// pass starts cold; the first also pays for JIT tiering of the read path, the later ones show the steady state);
    /// STRATUS_READ_SPAN=1 reads with <see cref="AccountStore.ReadEncoded"/> into one buffer instead of GetEncoded.
    /// </summary>
    private static void ColdReads(string db, long accountCount)
    {
        var keys = SampleKeys(db, accountCount, Environment.GetEnvironmentVariable("STRATUS_READ_KEYS"));
        var rocks = new RocksDbOptions
        {
            AllowMmapReads = Environment.GetEnvironmentVariable("STRATUS_MMAP") != "0",
            VerifyPointReadChecksums = Environment.GetEnvironmentVariable("STRATUS_VERIFY_CHECKSUMS") == "1",
        };
        var intoSpan = Environment.GetEnvironmentVariable("STRATUS_READ_SPAN") == "1";
        var buffer = new byte[16 << 20];
        var passes = int.TryParse(Environment.GetEnvironmentVariable("STRATUS_READ_PASSES"), out var n) ? Math.Max(1, n) : 2;
        for (var pass = 0; pass < passes; pass++)
        {
            using var store = AccountStore.Open(db, new AccountStoreOptions { CacheBudgetBytes = 0, RocksDb = rocks });
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var reads = Stopwatch.StartNew();
            long found = 0;
            if (intoSpan)
                foreach (var key in keys) found += store.ReadEncoded(key, buffer) >= 0 ? 1 : 0;
            else
                foreach (var key in keys) found += store.GetEncoded(key) != null ? 1 : 0;
            var rate = keys.Count / reads.Elapsed.TotalSeconds;
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var accounts = store.Database.GetColumnFamily(AccountStore.AccountsFamily);
            var readers = store.Database.GetIntProperty("rocksdb.estimate-table-readers-mem", accounts) ?? 0;
            if (pass == 0)
                Console.WriteLine("accounts SST files per level: " + string.Join('/', Enumerable.Range(0, 7).Select(l => store.Database.GetProperty($"rocksdb.num-files-at-level{l}", accounts))));
            Console.WriteLine($"random reads (one thread, cold block cache{(intoSpan ? ", ReadEncoded into a span" : "")}, pass {pass + 1}/{passes}{(pass == 0 ? ", JIT warm-up included" : "")}): {keys.Count:N0} in {reads.Elapsed.TotalSeconds:F2} s = {rate:N0}/s " +
                              $"({cpuUsed.TotalMicroseconds / keys.Count:F2} µs CPU per read), found {found:N0}; VmHWM {PeakRssBytes() / 1048576.0:F0} MiB, " +
                              $"table readers {readers / 1024.0:F0} KiB; " +
                              $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        }
    }

    private static List<Pubkey> SampleKeys(string db, long accountCount, string? cacheFile)
    {
        if (cacheFile != null && File.Exists(cacheFile))
        {
            // The sampling scan below also pulls the files into the page cache; do that without it, so reads from
            // cached keys start from the same state.
            var buffer = new byte[1 << 20];
            foreach (var sst in Directory.GetFiles(db, "*.sst"))
            {
                using var f = new FileStream(sst, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                while (f.Read(buffer) > 0) { }
            }
            var bytes = File.ReadAllBytes(cacheFile);
            var cached = new List<Pubkey>(bytes.Length / Pubkey.Length);
            for (var o = 0; o + Pubkey.Length <= bytes.Length; o += Pubkey.Length) cached.Add(Pubkey.Read(bytes.AsSpan(o)));
            return cached;
        }
        var keys = new List<Pubkey>();
        // Sampling scans every account; without mmap so the scan's pages do not count in the process's RSS.
        using (var store = AccountStore.Open(db, new AccountStoreOptions { RocksDb = new RocksDbOptions { AllowMmapReads = false } }))
        {
            var random = new Random(7);
            var every = Math.Max(1, (int)(accountCount / 200_000));
            using var it = store.Database.NewIterator(store.Database.GetColumnFamily(AccountStore.AccountsFamily), new IteratorOptions { FillCache = false });
            long i = 0;
            for (it.SeekToFirst(); it.Valid; it.Next())
                if (i++ % every == 0) keys.Add(Pubkey.Read(it.Key));
            keys = keys.OrderBy(_ => random.Next()).ToList();
        }
        if (cacheFile != null)
        {
            var bytes = new byte[keys.Count * Pubkey.Length];
            for (var k = 0; k < keys.Count; k++) keys[k].CopyTo(bytes.AsSpan(k * Pubkey.Length));
            File.WriteAllBytes(cacheFile, bytes);
        }
        return keys;
    }

    private static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
