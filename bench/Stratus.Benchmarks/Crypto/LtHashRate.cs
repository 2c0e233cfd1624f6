using System.Diagnostics;
using Stratus.Crypto;

namespace Stratus.Benchmarks.Crypto;

/// <summary><c>Stratus.Benchmarks lthash-rate</c>: single-thread accounts lattice hash rate for mainnet-typical data sizes.</summary>
public static class LtHashRate
{
    public static int Run()
    {
        var owner = new byte[32];
        var pubkey = new byte[32];
        var output = new byte[LtHash.Size];
        var acc = new byte[LtHash.Size];
        foreach (var size in new[] { 0, 82, 165, 200, 3762, 102400 })
        {
            var data = new byte[size];
            Random.Shared.NextBytes(data);
            var n = size > 10_000 ? 2_000 : size > 1000 ? 20_000 : 200_000;
            for (var i = 0; i < 1000; i++) LtHash.ComputeAccount(1, data, false, owner, pubkey, output);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                pubkey[0] = (byte)i;
                LtHash.ComputeAccount((ulong)i + 1, data, false, owner, pubkey, output);
                LtHash.MixIn(acc, output);
            }
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"data {size,5} B: {sw.Elapsed.TotalMicroseconds / n:F2} µs/account wall, {cpuUsed.TotalMicroseconds / n:F2} µs CPU");
        }
        foreach (var outLen in new[] { 64, 512, 2048 })
        {
            var o = new byte[outLen];
            var input = new byte[100];
            const int n = 200_000;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < n; i++) { input[0] = (byte)i; Blake3.Hash(input, o); }
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"blake3 100 B -> {outLen} B: {cpuUsed.TotalMicroseconds / n:F3} µs CPU");
        }
        return 0;
    }
}
