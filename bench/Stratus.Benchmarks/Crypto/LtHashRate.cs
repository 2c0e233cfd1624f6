using System.Diagnostics;
using Stratus.Crypto;

namespace Stratus.Benchmarks.Crypto;

/// <summary>
/// <c>Stratus.Benchmarks lthash-rate</c>: single-thread accounts lattice hash cost for mainnet-typical data sizes, as
/// CPU time per account (the machine is shared, so wall time is shown only for reference). Each row is the best of
/// five runs. <c>lthash-rate roots</c> runs only the account-root rows (hash the data now, expand later).
/// </summary>
public static class LtHashRate
{
    private const int Repeats = 5;

    public static int Run(string[] args)
    {
        Console.WriteLine($"load average {LoadAverage()}");
        if (args is ["roots"])
        {
            Roots();
            Console.WriteLine($"load average {LoadAverage()}");
            return 0;
        }
        var owner = new byte[32];
        var pubkey = new byte[32];
        var output = new byte[LtHash.Size];
        var acc = new byte[LtHash.Size];
        int[] sizes = [0, 82, 165, 200, 1000, 3762, 102400];
        foreach (var size in sizes)
        {
            var data = new byte[size];
            Random.Shared.NextBytes(data);
            var n = Count(size);
            for (var i = 0; i < 1000; i++) LtHash.ComputeAccount(1, data, false, owner, pubkey, output);
            var (wall, cpu) = Best(n, () =>
            {
                for (var i = 0; i < n; i++)
                {
                    pubkey[0] = (byte)i;
                    LtHash.ComputeAccount((ulong)i + 1, data, false, owner, pubkey, output);
                    LtHash.MixIn(acc, output);
                }
            });
            Console.WriteLine($"ComputeAccount+MixIn data {size,6} B: {wall:F2} µs/account wall, {cpu:F2} µs CPU");
        }
        var accumulator = new LtHashAccumulator(2);
        foreach (var size in sizes)
        {
            var data = new byte[size];
            Random.Shared.NextBytes(data);
            var n = Count(size);
            for (var i = 0; i < 1000; i++) accumulator.Add(1, data, false, owner, pubkey, 1);
            accumulator.Flush();
            var (wall, cpu) = Best(n, () =>
            {
                for (var i = 0; i < n; i++)
                {
                    pubkey[0] = (byte)i;
                    accumulator.Add((ulong)i + 1, data, false, owner, pubkey, 1 + (i & 1));
                }
                accumulator.Flush();
            });
            Console.WriteLine($"LtHashAccumulator(2)  data {size,6} B: {wall:F2} µs/account wall, {cpu:F2} µs CPU");
        }
        // The mainnet-like mix of the snapshot-load target, through the accumulator.
        {
            var mix = new byte[1000][];
            var random = new Random(1);
            for (var i = 0; i < mix.Length; i++)
            {
                var r = random.Next(1000);
                var size = r < 550 ? 165 : r < 800 ? 0 : r < 880 ? 200 : r < 930 ? 82 : r < 975 ? random.Next(1024) : random.Next(1024, 20_000);
                mix[i] = new byte[size];
                random.NextBytes(mix[i]);
            }
            const int n = 200_000;
            var (wall, cpu) = Best(n, () =>
            {
                for (var i = 0; i < n; i++)
                {
                    pubkey[0] = (byte)i;
                    accumulator.Add((ulong)i + 1, mix[i % mix.Length], false, owner, pubkey, 3);
                }
                accumulator.Flush();
            });
            Console.WriteLine($"LtHashAccumulator(2)  mainnet-like mix: {wall:F2} µs/account wall, {cpu:F2} µs CPU");
        }
        foreach (var outLen in new[] { 64, 512, 2048 })
        {
            var o = new byte[outLen];
            var input = new byte[100];
            const int n = 200_000;
            var (_, cpu) = Best(n, () =>
            {
                for (var i = 0; i < n; i++) { input[0] = (byte)i; Blake3.Hash(input, o); }
            });
            Console.WriteLine($"blake3 100 B -> {outLen} B: {cpu:F3} µs CPU");
        }
        Roots();
        Console.WriteLine($"load average {LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// The two halves of an account's lattice hash as the snapshot loader splits them: the root (all the work that
    /// reads the data) and the 2,048-byte output from the root, alone and added into an accumulator.
    /// </summary>
    private static void Roots()
    {
        var owner = new byte[32];
        var pubkey = new byte[32];
        var output = new byte[LtHash.Size];
        var root = new byte[LtHash.AccountRootSize];
        foreach (var size in new[] { 165, 3762, 10 * 1024, 100 * 1024 })
        {
            var data = new byte[size];
            Random.Shared.NextBytes(data);
            var n = Count(size);
            for (var i = 0; i < 1000; i++) LtHash.ComputeAccountRoot(1, data, false, owner, pubkey, root);
            var (_, whole) = Best(n, () =>
            {
                for (var i = 0; i < n; i++)
                {
                    pubkey[0] = (byte)i;
                    LtHash.ComputeAccount((ulong)i + 1, data, false, owner, pubkey, output);
                }
            });
            var (wall, cpu) = Best(n, () =>
            {
                for (var i = 0; i < n; i++)
                {
                    pubkey[0] = (byte)i;
                    LtHash.ComputeAccountRoot((ulong)i + 1, data, false, owner, pubkey, root);
                }
            });
            Console.WriteLine($"ComputeAccountRoot    data {size,6} B: {wall:F2} µs/account wall, {cpu:F2} µs CPU (ComputeAccount {whole:F2} µs CPU)");
        }
        // Roots of one-chunk (CHUNK_END) and multi-chunk (PARENT) accounts, 64 distinct ones cycled.
        foreach (var size in new[] { 165, 3762 })
        {
            var roots = new byte[64][];
            var data = new byte[size];
            for (var r = 0; r < roots.Length; r++)
            {
                pubkey[0] = (byte)r;
                roots[r] = new byte[LtHash.AccountRootSize];
                LtHash.ComputeAccountRoot((ulong)r + 1, data, false, owner, pubkey, roots[r]);
            }
            const int n = 200_000;
            var (_, expand) = Best(n, () =>
            {
                for (var i = 0; i < n; i++) LtHash.ComputeAccountFromRoot(roots[i & 63], output);
            });
            foreach (var sums in new[] { 1, 2 })
            {
                var accumulator = new LtHashAccumulator(sums);
                for (var i = 0; i < 1000; i++) accumulator.AddRoot(roots[i & 63], 1);
                var (wall, cpu) = Best(n, () =>
                {
                    for (var i = 0; i < n; i++) accumulator.AddRoot(roots[i & 63], sums == 1 ? 1 : 1 + i % 3);
                    accumulator.Flush();
                });
                Console.WriteLine($"AddRoot ({sums} sum{(sums == 1 ? "" : "s")}) root of {size,4} B: {wall:F2} µs/account wall, {cpu:F2} µs CPU (ComputeAccountFromRoot {expand:F2} µs CPU)");
            }
        }
    }

    private static int Count(int size) => size > 10_000 ? 2_000 : size > 1000 ? 20_000 : 200_000;

    /// <summary>Lowest wall and CPU microseconds per item over <see cref="Repeats"/> runs.</summary>
    private static (double Wall, double Cpu) Best(int n, Action run)
    {
        var bestWall = double.MaxValue;
        var bestCpu = double.MaxValue;
        for (var r = 0; r < Repeats; r++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            run();
            bestWall = Math.Min(bestWall, sw.Elapsed.TotalMicroseconds / n);
            bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n);
        }
        return (bestWall, bestCpu);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
