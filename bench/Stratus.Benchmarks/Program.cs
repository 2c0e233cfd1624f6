using BenchmarkDotNet.Running;

namespace Stratus.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["snapshot-load", .. var rest])
        {
            Environment.ExitCode = AccountsDb.SnapshotLoadBench.Run(rest);
            return;
        }
        if (args is ["snapshot-read", .. var dbArgs])
        {
            Environment.ExitCode = AccountsDb.SnapshotLoadBench.RunReads(dbArgs);
            return;
        }
        if (args is ["lthash-rate", .. var ltArgs])
        {
            Environment.ExitCode = Crypto.LtHashRate.Run(ltArgs);
            return;
        }
        if (args is ["litesvm-replay", .. var replay])
        {
            Environment.ExitCode = Runtime.LiteSvmReplayBench.Run(replay);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
