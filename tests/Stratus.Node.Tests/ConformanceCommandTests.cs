using System.Diagnostics;
using System.Text.Json;
using Stratus.TestCommon;

namespace Stratus.Node.Tests;

public class ConformanceCommandTests
{
    private const string BlockDir = "bankhash/solana-conformance-block-fixtures";

    [Fact]
    public void Version_and_help()
    {
        var version = Cli.Run("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output.Trim());

        var help = Cli.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("conformance", help.Output);

        var runHelp = Cli.Run("conformance", "run", "--help");
        Assert.Equal(0, runHelp.ExitCode);
        Assert.Contains("--json", runHelp.Output);
        Assert.Contains("PATH", runHelp.Output);
    }

    [Fact]
    public void Usage_errors_have_their_own_exit_code()
    {
        var missing = Cli.Run("conformance", "run", "/definitely/not/here");
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("path not found", missing.Error);

        Assert.Equal(ExitCodes.Usage, Cli.Run("conformance", "run").ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli.Run("conformance", "run", ".", "--no-such-option").ExitCode);
        Assert.Equal(ExitCodes.Usage, Cli.Run("frobnicate").ExitCode);
        Assert.NotEqual(ExitCodes.Failures, ExitCodes.Usage);
    }

    [SharedFact(BlockDir)]
    public void Mixed_directory_summary_exit_code_and_json()
    {
        using var dir = new TempDir();
        dir.Write("blocks/block-12.fix", File.ReadAllBytes(SharedData.Require(BlockDir + "/block-12.fix")));
        dir.Write("blocks/deeper/block-13.fix", File.ReadAllBytes(SharedData.Require(BlockDir + "/block-13.fix")));
        dir.Write("instr/ok.fix", Fixtures.Instr());
        dir.Write("instr/dump.txnctx", Fixtures.TxnContext());
        dir.Write("broken/garbage.fix", [0xff, 0xfe, 0xfd, 0x01]);
        dir.Write("broken/truncated.fix", Fixtures.Instr()[..20]);
        dir.Write("README.txt", "not a case"u8.ToArray());
        var json = Path.Combine(dir.Path, "out", "results.json");
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);

        var run = Cli.Run("conformance", "run", dir.Path, "--json", json);

        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Equal("0 passed, 2 failed, 4 skipped", run.LastLine);
        Assert.Contains(run.Lines, l => l.StartsWith("block") && l.EndsWith("0 passed, 0 failed, 2 skipped"));
        Assert.Contains(run.Lines, l => l.StartsWith("instr") && l.EndsWith("0 passed, 0 failed, 1 skipped"));
        Assert.Contains(run.Lines, l => l.StartsWith("txn") && l.EndsWith("0 passed, 0 failed, 1 skipped"));
        Assert.Contains(run.Lines, l => l.StartsWith("FAIL") && l.Contains("garbage.fix") && l.Contains("decode error"));
        Assert.Contains(run.Lines, l => l.Contains("1 file under the given directories not recognised"));

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(0, root.GetProperty("summary").GetProperty("passed").GetInt32());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("failed").GetInt32());
        Assert.Equal(4, root.GetProperty("summary").GetProperty("skipped").GetInt32());
        var results = root.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(6, results.Length);
        foreach (var r in results)
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("kind").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("id").GetString()));
            Assert.Contains(r.GetProperty("outcome").GetString(), new[] { "passed", "failed", "skipped" });
            Assert.Equal(JsonValueKind.Array, r.GetProperty("diffs").ValueKind);
        }
        var block12 = results.Single(r => r.GetProperty("id").GetString()!.EndsWith("block-12.fix"));
        Assert.Equal("block", block12.GetProperty("kind").GetString());
        Assert.Equal("skipped", block12.GetProperty("outcome").GetString());
        Assert.Contains("block execution is not run", block12.GetProperty("message").GetString());
        var truncated = results.Single(r => r.GetProperty("id").GetString()!.EndsWith("truncated.fix"));
        Assert.Equal("failed", truncated.GetProperty("outcome").GetString());
        Assert.Contains("decode error", truncated.GetProperty("message").GetString());
    }

    [SharedFact("vm-interp-text/v0/bitwise.instr", "elfs/mithril-sbpf/noop.so")]
    public void Passing_kinds_are_counted_and_succeed()
    {
        using var dir = new TempDir();
        dir.Write("v0/bitwise.instr", File.ReadAllBytes(SharedData.Require("vm-interp-text/v0/bitwise.instr")));
        dir.Write("elf/noop.fix", Fixtures.ElfLoader(File.ReadAllBytes(SharedData.Require("elfs/mithril-sbpf/noop.so"))));
        var json = Path.Combine(dir.Path, "r.json");

        var run = Cli.Run("conformance", "run", dir.Path, "--json", json);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("62 passed, 0 failed", run.LastLine);
        Assert.Contains(run.Lines, l => l.StartsWith("vm-interp-text") && l.EndsWith("61 passed, 0 failed"));
        Assert.Contains(run.Lines, l => l.StartsWith("elf-loader") && l.EndsWith("1 passed, 0 failed"));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(62, results.Length);
        Assert.All(results, r => Assert.Equal("passed", r.GetProperty("outcome").GetString()));
        Assert.Contains(results, r => r.GetProperty("id").GetString()!.Contains("bitwise.instr:"));
    }

    [SharedFact("elfs/mithril-sbpf/noop.so")]
    public void A_failing_elf_case_lists_its_diffs()
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.fix", Fixtures.ElfLoader(File.ReadAllBytes(SharedData.Require("elfs/mithril-sbpf/noop.so")), textCntDelta: 3));
        var run = Cli.Run("conformance", "run", file);
        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Equal("0 passed, 1 failed", run.LastLine);
        Assert.Contains(run.Lines, l => l.StartsWith("text_cnt: expected", StringComparison.Ordinal));
    }

    [Fact]
    public void All_skipped_is_success_and_says_so()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.fix", Fixtures.Instr());
        var run = Cli.Run("conformance", "run", file);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("0 passed, 0 failed, 1 skipped", run.LastLine);
    }

    [Fact]
    public void Empty_directory_reports_zero()
    {
        using var dir = new TempDir();
        var run = Cli.Run("conformance", "run", dir.Path);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("0 passed, 0 failed", run.LastLine);
    }

    [Fact]
    public void Unwritable_json_target_is_a_usage_error()
    {
        using var dir = new TempDir();
        dir.Write("a.fix", Fixtures.Instr());
        var run = Cli.Run("conformance", "run", dir.Path, "--json", Path.Combine(dir.Path, "no", "such", "dir", "r.json"));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public void The_built_executable_runs_as_a_process()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "stratus.dll");
        Assert.True(File.Exists(dll), dll);
        using var dir = new TempDir();
        dir.Write("bad.fix", [0x12, 0x34]);

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", dll, "conformance", "run", dir.Path }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        Assert.True(p.ExitCode == ExitCodes.Failures, $"exit {p.ExitCode}\n{stdout}\n{stderr}");
        Assert.EndsWith("0 passed, 1 failed", stdout.Trim());
    }
}
