using Stratus.TestCommon;

namespace Stratus.Node.Tests;

public class GenesisCommandTests
{
    [SharedTheory("genesis/mainnet_genesis.bin", "genesis/devnet_genesis.bin", "genesis/testnet_genesis.bin")]
    [InlineData("genesis/mainnet_genesis.bin", "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d")]
    [InlineData("genesis/devnet_genesis.bin", "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG")]
    [InlineData("genesis/testnet_genesis.bin", "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY")]
    public void Prints_the_cluster_genesis_hash(string file, string hash)
    {
        var run = Cli.Run("genesis", "hash", SharedData.DataPath(file));
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(hash, run.Output.Trim());
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Missing_file_and_usage_errors()
    {
        var missing = Cli.Run("genesis", "hash", "/definitely/not/here/genesis.bin");
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("file not found: /definitely/not/here/genesis.bin", missing.Error);
        Assert.Equal("", missing.Output);

        using var dir = new TempDir();
        var directory = Cli.Run("genesis", "hash", dir.Path);
        Assert.Equal(ExitCodes.Usage, directory.ExitCode);
        Assert.Contains("is a directory", directory.Error);

        Assert.Equal(ExitCodes.Usage, Cli.Run("genesis", "hash").ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli.Run("genesis").ExitCode);
        var help = Cli.Run("genesis", "hash", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("FILE", help.Output);
    }

    [Fact]
    public void Garbage_file_is_a_clear_error()
    {
        using var dir = new TempDir();
        var garbage = dir.Write("garbage.bin", "definitely not a genesis config"u8.ToArray());
        var run = Cli.Run("genesis", "hash", garbage);
        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith($"error: invalid genesis file {garbage}: accounts.len: input ends inside the value (offset 8)", run.Error);

        var empty = Cli.Run("genesis", "hash", dir.Write("empty.bin", []));
        Assert.Equal(ExitCodes.Failures, empty.ExitCode);
        Assert.Contains("genesis.creation_time", empty.Error);
    }

    [SharedFact("genesis/mainnet_genesis.bin")]
    public void Truncated_and_padded_files()
    {
        var bytes = File.ReadAllBytes(SharedData.DataPath("genesis/mainnet_genesis.bin"));
        using var dir = new TempDir();
        var truncated = Cli.Run("genesis", "hash", dir.Write("truncated.bin", bytes[..^1]));
        Assert.Equal(ExitCodes.Failures, truncated.ExitCode);
        Assert.Contains("genesis.cluster_type: input ends inside the value", truncated.Error);

        var padded = Cli.Run("genesis", "hash", dir.Write("padded.bin", [.. bytes, 0]));
        Assert.Equal(ExitCodes.Failures, padded.ExitCode);
        Assert.Contains("bytes left over after the value", padded.Error);
    }
}
