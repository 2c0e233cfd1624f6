using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Stratus.Conformance.Runners;
using Stratus.Conformance.Vectors;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;

namespace Stratus.Benchmarks.Runtime;

/// <summary>
/// <c>dotnet run -c Release --project bench/Stratus.Benchmarks -- litesvm-replay WORKLOAD.json [--rounds R] [--alloc-profile]</c>: replays a
/// workload written by <c>bench/litesvm/workload.mjs</c> through <see cref="TransactionProcessor"/>, one thread, committing
/// each transaction's post-state before the next. The first pass runs every transaction and must reproduce LiteSVM's status
/// and compute units for each and LiteSVM's final state of every account (any difference fails the run); then the timed
/// part is run twice untimed and R times timed, each round from the state after the warm-up transactions.
/// </summary>
public static class LiteSvmReplayBench
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: litesvm-replay WORKLOAD.json [--rounds R] [--alloc-profile]");
            return 2;
        }
        var path = args[0];
        var rounds = 5;
        for (var i = 1; i + 1 < args.Length; i++)
            if (args[i] == "--rounds") rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        using var sampler = args.Contains("--alloc-profile") ? new AllocationSampler() : null;

        var bytes = File.ReadAllBytes(path);
        // The workload names its feature set, harness and account sets like any vector; they live in the repository's
        // conformance-vectors/ (found from the current directory upwards), not beside the temporary workload file.
        var vectorsRoot = FindVectorsRoot(Environment.CurrentDirectory);
        if (vectorsRoot == null) return Fail("conformance-vectors/ not found from the current directory; run from the repository");
        var read = VectorReader.Read(bytes, new VectorReferences(vectorsRoot));
        if (!read.IsOk) return Fail("workload is not a readable vector: " + read.Error);
        var vector = read.Vector!;
        using var doc = JsonDocument.Parse(bytes);
        var bench = doc.RootElement.GetProperty("bench");
        var workload = bench.GetProperty("workload").GetString();
        var sigverify = bench.GetProperty("sigverify").GetBoolean();
        var warmup = bench.GetProperty("warmup").GetInt32();
        var transactions = new List<Transaction>();
        foreach (var t in bench.GetProperty("transactions").EnumerateArray())
        {
            var parse = Transaction.TryParseExact(Convert.FromBase64String(t.GetString()!), out var tx);
            if (!parse.IsOk || tx == null) return Fail($"transaction {transactions.Count} does not parse: {parse}");
            transactions.Add(tx);
        }
        var outcomes = bench.GetProperty("outcomes").EnumerateArray()
            .Select(o => (Status: o.GetProperty("status").GetString()!, Units: o.GetProperty("compute_units").GetUInt64())).ToArray();
        if (outcomes.Length != transactions.Count) return Fail("outcomes and transactions differ in count");
        var litesvm = bench.GetProperty("litesvm");

        var dataRoot = LiteSvmVectorRunner.FindSharedDataRoot(path) ?? LiteSvmVectorRunner.FindSharedDataRoot(Path.Combine(Environment.CurrentDirectory, "x"));
        if (dataRoot == null) return Fail("shared data not found (set STRATUS_SHARED)");
        if (!LiteSvmVectorRunner.TryBuildState(vector, new DirectoryElfSource(dataRoot), out var initial, out var error)) return Fail(error!);

        // The environment reads this dictionary; rounds refill it rather than replace it.
        var state = new Dictionary<Pubkey, Account>(initial);
        var processor = new TransactionProcessor(LiteSvmVectorRunner.BuildEnvironment(vector, state, transactions[0], verifySignatures: sigverify));

        // Checking pass: every transaction, from the initial state.
        for (var i = 0; i < transactions.Count; i++)
        {
            var result = processor.Process(transactions[i]);
            var (status, units) = outcomes[i];
            if (result.IsSuccess != (status == "ok") || result.ComputeUnitsConsumed != units)
                return Fail($"transaction {i}: Stratus {result}, LiteSVM {status} with {units} CU");
            Commit(state, result);
            if (i == warmup - 1) initial = new Dictionary<Pubkey, Account>(state);
        }
        foreach (var a in bench.GetProperty("final_accounts").EnumerateArray())
        {
            var key = Pubkey.Parse(a.GetProperty("address").GetString()!);
            var lamports = a.GetProperty("lamports").GetUInt64();
            var hash = a.GetProperty("data_sha256").GetString();
            var got = state.GetValueOrDefault(key);
            var gotHash = Convert.ToHexStringLower(SHA256.HashData(got == null ? [] : got.Data));
            if ((got?.Lamports ?? 0) != lamports || gotHash != hash)
                return Fail($"final state of {key}: Stratus {got?.Lamports ?? 0} lamports data {gotHash}, LiteSVM {lamports} lamports data {hash}");
        }
        var timedUnits = outcomes.Skip(warmup).Aggregate(0UL, (s, o) => s + o.Units);
        var timed = transactions.Count - warmup;
        Console.WriteLine($"{workload}: {transactions.Count} transactions match LiteSVM (status, compute units, final state of {initial.Count} accounts); " +
                          $"timing {timed} transactions ({timedUnits:N0} CU), sigverify {(sigverify ? "on" : "off")}");

        for (var w = 0; w < 2; w++) RunRound(processor, transactions, warmup, state, initial);
        var stats = new List<RoundStats>();
        for (var r = 0; r < rounds; r++)
        {
            var s = RunRound(processor, transactions, warmup, state, initial);
            stats.Add(s);
            Console.WriteLine($"  round {r + 1}: {s.Wall.TotalMilliseconds:F1} ms wall, {s.Cpu.TotalMilliseconds:F1} ms CPU, " +
                              $"{timed / s.Wall.TotalSeconds:N0} tx/s wall, {timed / s.Cpu.TotalSeconds:N0} tx/s CPU, " +
                              $"{(double)s.AllocatedBytes / timed:N0} B allocated/tx, gen0/1/2 GCs {s.Gen0}/{s.Gen1}/{s.Gen2}, load {s.Load0:F2}->{s.Load1:F2}");
        }

        if (sampler != null)
        {
            sampler.Enabled = true;
            RunRound(processor, transactions, warmup, state, initial);
            sampler.Enabled = false;
            sampler.Print(timed);
        }

        var median = stats.OrderBy(s => s.Cpu).ElementAt(stats.Count / 2);
        var bestWall = stats.Min(s => s.Wall);
        var stratusCpu = timed / median.Cpu.TotalSeconds;
        var stratusWall = timed / bestWall.TotalSeconds;
        var liteCpu = litesvm.GetProperty("tx_per_s_cpu").GetDouble();
        var liteWall = litesvm.GetProperty("tx_per_s_wall").GetDouble();
        var liteCuPerS = litesvm.GetProperty("cu_per_s_cpu").GetDouble();
        var liteLoad = litesvm.GetProperty("load_average").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        // LiteSVM cannot run a transaction twice (status cache), so its timed pass is split into segments instead of rounds.
        var segments = litesvm.GetProperty("segments").EnumerateArray()
            .Select(e => e.GetProperty("transactions").GetDouble() / (e.GetProperty("cpu_us").GetDouble() / 1e6)).OrderBy(x => x).ToArray();
        var liteMedianSegment = segments.Length > 0 ? segments[segments.Length / 2] : double.NaN;
        Console.WriteLine($"Stratus (median-CPU round of {rounds}): {stratusCpu:N0} tx/s CPU, {stratusWall:N0} tx/s wall (best round), " +
                          $"{timedUnits / median.Cpu.TotalSeconds / 1e6:F1} M CU/s CPU, {(double)median.AllocatedBytes / timed:N0} B allocated/tx");
        Console.WriteLine($"LiteSVM (same transactions, one pass): {liteCpu:N0} tx/s CPU ({liteMedianSegment:N0} in its median-CPU segment of {segments.Length}), " +
                          $"{liteWall:N0} tx/s wall, {liteCuPerS / 1e6:F1} M CU/s CPU, load {liteLoad[0]:F2}->{liteLoad[1]:F2}");
        Console.WriteLine($"ratio Stratus/LiteSVM: {stratusCpu / liteCpu:F2}x by CPU time ({stratusCpu / liteMedianSegment:F2}x against LiteSVM's median segment), " +
                          $"{stratusWall / liteWall:F2}x by wall time");
        return 0;
    }

    private readonly record struct RoundStats(TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double Load0, double Load1);

    private static RoundStats RunRound(TransactionProcessor processor, List<Transaction> transactions, int from, Dictionary<Pubkey, Account> state,
        Dictionary<Pubkey, Account> start)
    {
        state.Clear();
        foreach (var (k, v) in start) state[k] = v;
        var load0 = LoadAverage();
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        using var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var alloc0 = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        for (var i = from; i < transactions.Count; i++) Commit(state, processor.Process(transactions[i]));
        var wall = sw.Elapsed;
        var alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        return new RoundStats(wall, cpu, alloc, GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2, load0, LoadAverage());
    }

    private static void Commit(Dictionary<Pubkey, Account> state, TransactionResult result)
    {
        if (!result.Processed) return;
        foreach (var a in result.PostAccounts)
        {
            if (a.Account.Lamports == 0) state.Remove(a.Key);
            else state[a.Key] = a.Account;
        }
    }

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static string? FindVectorsRoot(string start)
    {
        for (var dir = Path.GetFullPath(start); dir != null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, "conformance-vectors");
            if (Directory.Exists(Path.Combine(candidate, VectorReferences.HarnessesDir))) return candidate;
        }
        return null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("litesvm-replay: " + message);
        return 1;
    }
}
