using Stratus.TestCommon;

namespace Stratus.Node.Tests;

public class GenesisStateCommandTests
{
    [SharedFact("genesis/mainnet_genesis.bin")]
    public void Prints_mainnet_slot0_state_and_writes_the_store()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, "db");
        var run = Cli.Run("genesis", "state", SharedData.DataPath("genesis/mainnet_genesis.bin"), "--db", db);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("genesis hash:     5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d", run.Output);
        Assert.Contains("slot-0 blockhash: 4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn", run.Output);
        Assert.Contains("accounts:         448", run.Output);
        Assert.Contains("capitalization:   500000001074310811", run.Output);
        var lt = run.Output.Split('\n').Single(l => l.StartsWith("lattice hash:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains($"store:            {db} (root slot 0, 448 accounts, lattice hash {lt})", run.Output);

        // A second write into the same store is refused.
        var again = Cli.Run("genesis", "state", SharedData.DataPath("genesis/mainnet_genesis.bin"), "--db", db);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("already holds an account store", again.Error);
    }

    [Fact]
    public void Bad_input_and_usage_errors()
    {
        using var dir = new TempDir();
        var garbage = Cli.Run("genesis", "state", dir.Write("garbage.bin", "not a genesis config"u8.ToArray()));
        Assert.Equal(ExitCodes.Failures, garbage.ExitCode);
        Assert.Contains("accounts.len", garbage.Error);
        Assert.Equal("", garbage.Output);

        Assert.Equal(ExitCodes.Usage, Cli.Run("genesis", "state", "/definitely/not/here/genesis.bin").ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli.Run("genesis", "state", dir.Path).ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli.Run("genesis", "state").ExitCode);
    }

    [SharedFact("genesis/testnet_genesis.bin")]
    public void Unknown_cluster_and_truncated_file()
    {
        var bytes = File.ReadAllBytes(SharedData.DataPath("genesis/testnet_genesis.bin"));
        using var dir = new TempDir();
        var unknown = Cli.Run("genesis", "state", SharedData.DataPath("genesis/testnet_genesis.bin"), "--cluster", "eth");
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("unknown cluster", unknown.Error);
        var truncated = Cli.Run("genesis", "state", dir.Write("t.bin", bytes[..^3]));
        Assert.Equal(ExitCodes.Failures, truncated.ExitCode);
        Assert.Contains("cluster_type", truncated.Error);
    }
}
