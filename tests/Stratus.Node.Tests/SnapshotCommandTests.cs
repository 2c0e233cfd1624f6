using Stratus.TestCommon;

namespace Stratus.Node.Tests;

public class SnapshotCommandTests
{
    private const string Sig2025Full = "snapshots/sig-2025/snapshot-1-5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar.zst";
    private const string Sig2025Incremental = "snapshots/sig-2025/incremental-snapshot-1-4-43FT6mnmRW9XbxpCzqH3ogYexHXboG7d8vmf3gBLvLrR.tar.zst";
    private const string Sig2024Full = "snapshots/sig-2024/snapshot-500-ACaAhqFND5pjXtB4zdaq4Ym5K2Kas3NFbri4tveP114w.tar.zst";
    private const string Sig2024Incremental = "snapshots/sig-2024/incremental-snapshot-500-600-CRRQdR98cawvYSEWGYEaNSDpq2HC1i5oAEoq7aMLyWFy.tar.zst";

    [SharedFact(Sig2025Full, Sig2025Incremental)]
    public void Verify_full_and_incremental_prints_the_state_and_verified()
    {
        using var dir = new TempDir();
        var run = Cli.Run("snapshot", "verify", SharedData.DataPath(Sig2025Full), "--incremental", SharedData.DataPath(Sig2025Incremental), "--db", System.IO.Path.Combine(dir.Path, "db"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("verified", run.LastLine);
        Assert.Contains(run.Lines, l => l.StartsWith("slot:", StringComparison.Ordinal) && l.EndsWith(" 4", StringComparison.Ordinal));
        // The archive name's hash is blake3 of the lattice hash: computed and stored both print it.
        Assert.Contains(run.Lines, l => l.StartsWith("lattice hash (computed):", StringComparison.Ordinal) && l.EndsWith("43FT6mnmRW9XbxpCzqH3ogYexHXboG7d8vmf3gBLvLrR", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("capitalization:", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("bank hash:", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("accounts:", StringComparison.Ordinal));
    }

    [SharedFact(Sig2024Full, Sig2024Incremental)]
    public void Pre_lattice_snapshots_verify_by_accounts_hashes_in_a_temp_dir()
    {
        var run = Cli.Run("snapshot", "verify", SharedData.DataPath(Sig2024Full), "--incremental", SharedData.DataPath(Sig2024Incremental));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("verified", run.LastLine);
        Assert.Contains(run.Lines, l => l.StartsWith("accounts hash (computed):", StringComparison.Ordinal) && l.EndsWith("ACaAhqFND5pjXtB4zdaq4Ym5K2Kas3NFbri4tveP114w", StringComparison.Ordinal));
    }

    [SharedFact(Sig2025Full)]
    public void Truncated_archive_exits_one_with_a_precise_error()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(SharedData.DataPath(Sig2025Full));
        var path = System.IO.Path.Combine(dir.Path, System.IO.Path.GetFileName(Sig2025Full));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var run = Cli.Run("snapshot", "verify", path, "--db", System.IO.Path.Combine(dir.Path, "db"));
        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Contains("error: Archive:", run.Error);
        Assert.DoesNotContain("verified", run.Output);
    }

    [Fact]
    public void Missing_archive_is_a_usage_error()
    {
        var run = Cli.Run("snapshot", "verify", "/nonexistent/snapshot-1-x.tar.zst");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}
