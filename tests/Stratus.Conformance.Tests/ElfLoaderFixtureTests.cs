using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Stratus.Conformance.Features;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Runners;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests;

/// <summary>
/// ELF loader fixtures built from the real ELFs in shared data, with expected effects taken from the ELF
/// expectation table (solana-sbpf 0.10.1 outcomes, tests/Stratus.Sbpf.Tests/Elf/elf-expectations.tsv).
/// Hash fields are computed from loader output only after it has been checked against the table's digests.
/// </summary>
public class ElfLoaderFixtureTests
{
    private const string TablePath = "tests/Stratus.Sbpf.Tests/Elf/elf-expectations.tsv";
    private static readonly ProtobufFixtureRunner Runner = new(DefaultRunners.KindRunners());
    private static readonly FeatureSetMap Map = FeatureSetMap.Default;

    // Every syscall gate on (as the table's Agave environments), plus the version gates of each environment.
    private static readonly string[] SyscallFeatures =
        KnownSyscalls.AgaveV1.Where(s => s.Feature != null).Select(s => s.Feature!).Distinct().ToArray();

    private static readonly Dictionary<string, (string[] Versions, bool Deploy, SbpfVersion Min, SbpfVersion Max)> Environments = new()
    {
        ["v0_exec"] = ([], false, SbpfVersion.V0, SbpfVersion.V0),
        ["v0_deploy"] = ([], true, SbpfVersion.V0, SbpfVersion.V0),
        ["v2_exec"] = (["enable_sbpf_v1_deployment_and_execution", "enable_sbpf_v2_deployment_and_execution"], false, SbpfVersion.V0, SbpfVersion.V2),
        ["v2_deploy"] = (["enable_sbpf_v1_deployment_and_execution", "enable_sbpf_v2_deployment_and_execution"], true, SbpfVersion.V0, SbpfVersion.V2),
        ["v3_exec"] = (["enable_sbpf_v2_deployment_and_execution", "enable_sbpf_v3_deployment_and_execution"], false, SbpfVersion.V0, SbpfVersion.V3),
        ["v3_deploy"] = (["enable_sbpf_v3_deployment_and_execution"], true, SbpfVersion.V0, SbpfVersion.V3),
        ["v3only_exec"] = (["disable_sbpf_v0_execution", "enable_sbpf_v3_deployment_and_execution"], false, SbpfVersion.V3, SbpfVersion.V3),
    };

    private sealed record Row(string File, string Config, string Expected, string TextVaddr, string TextLength, string EntryPc, string RoLength, string RoSha, string FunctionCount, string FunctionsSha);

    private static IReadOnlyList<Row> Rows()
    {
        var path = Path.Combine(SharedData.RepoRoot, TablePath);
        return File.ReadLines(path)
            .Where(l => l.Length > 0 && l[0] != '#' && !l.StartsWith("file\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .Where(c => Environments.ContainsKey(c[1]))
            .Select(c => new Row(c[0], c[1], c[2], c[3], c[4], c[5], c[7], c[9], c[10], c[11]))
            .ToArray();
    }

    private static ulong[] FeaturesOf(string config) =>
        Map.PrefixesOf(SyscallFeatures.Append("disable_fees_sysvar").Concat(Environments[config].Versions)).ToArray();

    private static uint ErrCodeOf(string expected)
    {
        if (expected.StartsWith("Ok(", StringComparison.Ordinal)) return 0;
        var name = expected.Split('(')[0];
        // The table prints Rust's variant name; sbpf spells the version error "UnsupportedSBPFVersion".
        var kind = Enum.GetValues<ElfErrorKind>().Single(k => string.Equals(k.ToString(), name, StringComparison.OrdinalIgnoreCase));
        return (uint)kind + 1;
    }

    private static string Sha16(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data))[..16];

    private static string FunctionListing(FunctionRegistry functions) =>
        string.Join('\n', functions.Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key:x8}:{e.Value.Pc}:{e.Value.Name}")).Order(StringComparer.Ordinal));

    /// <summary>The fixture a correct loader passes, with every expectation traced to the table.</summary>
    private static ELFLoaderFixture FixtureFor(Row row, byte[] elf)
    {
        var env = Environments[row.Config];
        var output = new ELFLoaderEffects { ErrCode = ErrCodeOf(row.Expected) };
        if (output.ErrCode == 0)
        {
            var textVaddr = Convert.ToUInt64(row.TextVaddr, 16);
            output.TextCnt = ulong.Parse(row.TextLength, CultureInfo.InvariantCulture) / 8;
            output.TextOff = textVaddr >= MemoryLayout.ProgramStart ? textVaddr - MemoryLayout.ProgramStart : 0;
            output.EntryPc = ulong.Parse(row.EntryPc, CultureInfo.InvariantCulture);

            // The table records digests, not the fixture hashes: load under the table's own environment, check the
            // bytes against its digests, then hash them the way fixtures do.
            var syscalls = KnownSyscalls.CreateRegistry(_ => true, env.Deploy, _ => NoSyscall.Instance);
            var result = ElfLoader.Load(elf, ElfLoaderConfig.Agave(env.Min, env.Max, env.Deploy), syscalls);
            Assert.True(result.IsOk, $"{row.File} [{row.Config}]: {result}");
            var exe = result.Executable!;
            Assert.Equal(row.RoSha, Sha16(exe.ReadOnlyRegion));
            Assert.Equal(row.RoLength, exe.ReadOnlyRegion.Length.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(row.FunctionsSha, Sha16(Encoding.UTF8.GetBytes(FunctionListing(exe.Functions))));
            output.RodataHash = FdHash.Hash(exe.ReadOnlyRegion);
            var strict = exe.Version == SbpfVersion.V3;
            output.CalldestsHash = FdHash.HashU64s(strict ? [] : exe.Functions.Entries.Select(e => e.Value.Pc).Append(output.EntryPc).Distinct().Order().ToArray());
        }
        return new ELFLoaderFixture
        {
            Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_elf_loader_v1" },
            Input = new ELFLoaderCtx { ElfData = ByteString.CopyFrom(elf), DeployChecks = env.Deploy, Features = new FeatureSet { Features = { FeaturesOf(row.Config) } } },
            Output = output,
        };
    }

    private static readonly Dictionary<string, byte[]> Files = new();

    private static byte[] Elf(string relative)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(relative, out var b)) Files[relative] = b = File.ReadAllBytes(SharedData.Require(relative));
            return b;
        }
    }

    [SharedFact("elfs")]
    public void Every_table_row_passes_as_a_fixture()
    {
        var rows = Rows();
        Assert.True(rows.Count > 1000, $"{rows.Count} rows");
        var failures = new List<string>();
        int ok = 0, err = 0;
        foreach (var row in rows)
        {
            var fixture = FixtureFor(row, Elf(row.File));
            if (fixture.Output.ErrCode == 0) ok++; else err++;
            var result = Runner.RunBytes($"{row.File} [{row.Config}]", fixture.ToByteArray());
            if (result.Outcome != CaseOutcome.Passed)
                failures.Add($"{result.Id}: {result.Message} {string.Join("; ", (result.Diffs ?? []).Select(d => $"{d.Field} {d.Expected} != {d.Actual}"))}");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.True(ok > 500 && err > 50, $"ok {ok}, errors {err}");
    }

    [SharedFact("elfs/mithril-sbpf/noop.so")]
    public void Wrong_expectations_give_field_diffs()
    {
        var row = Rows().First(r => r.File == "elfs/mithril-sbpf/noop.so" && r.Config == "v2_exec");
        var fixture = FixtureFor(row, Elf(row.File));
        fixture.Output.TextCnt += 1;
        fixture.Output.RodataHash ^= 1;
        var result = Runner.RunBytes("noop-wrong", fixture.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, result.Outcome);
        Assert.Equal(CaseKinds.ElfLoader, result.Kind);
        Assert.Equal(["rodata_hash", "text_cnt"], result.Diffs!.Select(d => d.Field).ToArray());
        var textCnt = result.Diffs![1];
        Assert.Equal((ulong.Parse(textCnt.Actual, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture), textCnt.Expected);
    }

    [SharedFact("elfs/mithril-sbpf/noop.so")]
    public void Wrong_error_expectation_is_reported()
    {
        var row = Rows().First(r => r.File == "elfs/mithril-sbpf/noop.so" && r.Config == "v0_exec");
        var fixture = FixtureFor(row, Elf(row.File));
        fixture.Output = new ELFLoaderEffects { ErrCode = 22 };
        var result = Runner.RunBytes("noop-error", fixture.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, result.Outcome);
        Assert.Contains(result.Diffs!, d => d.Field == "err_code" && d.Expected == "22" && d.Actual == "0");
    }

    [SharedFact("elfs")]
    public void Version_gates_come_from_the_feature_list()
    {
        // A V3-only environment rejects a V0 program; the same ELF loads when the list does not disable V0.
        var row = Rows().First(r => r.Config == "v3only_exec" && r.Expected.StartsWith("UnsupportedSBPFVersion", StringComparison.Ordinal));
        var elf = Elf(row.File);
        var v3only = ElfLoaderFixtureRunner.Load(elf, FeaturesOf("v3only_exec"), deployChecks: false);
        Assert.Equal((uint)ElfErrorKind.UnsupportedSbpfVersion + 1, v3only.ErrCode);
        Assert.Equal(0U, ElfLoaderFixtureRunner.Load(elf, FeaturesOf("v0_exec"), deployChecks: false).ErrCode);
    }

    [SharedFact("elfs/mithril-sbpf/noop.so")]
    public void Historical_v1_layout_is_checked_too()
    {
        var row = Rows().First(r => r.File == "elfs/mithril-sbpf/noop.so" && r.Config == "v0_exec");
        var elf = Elf(row.File);
        var current = FixtureFor(row, elf);
        var exe = ElfLoaderFixtureRunner.Load(elf, FeaturesOf(row.Config), false).Result.Executable!;
        Assert.Equal(row.RoSha, Sha16(exe.ReadOnlyRegion));
        var v1 = new ELFLoaderFixtureV1
        {
            Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_elf_loader_v1" },
            Input = new ELFLoaderCtxV1 { Elf = new ELFBinary { Data = ByteString.CopyFrom(elf) }, ElfSz = (ulong)elf.Length, Features = current.Input.Features },
            Output = new ELFLoaderEffectsV1
            {
                Rodata = ByteString.CopyFrom(exe.ReadOnlyRegion),
                RodataSz = (ulong)exe.ReadOnlyRegion.Length,
                TextCnt = current.Output.TextCnt,
                TextOff = current.Output.TextOff,
                EntryPc = current.Output.EntryPc,
                Calldests = { ElfLoaderFixtureRunner.CallDestinations(exe) },
            },
        };
        Assert.Equal(CaseOutcome.Passed, Runner.RunBytes("noop-v1", v1.ToByteArray()).Outcome);

        v1.Output.Calldests.Add(999999);
        var bad = Runner.RunBytes("noop-v1-bad", v1.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, bad.Outcome);
        Assert.Equal("calldests", Assert.Single(bad.Diffs!).Field);
    }

    [Fact]
    public void Garbage_elf_is_a_loader_error_not_a_crash()
    {
        var fixture = new ELFLoaderFixture
        {
            Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_elf_loader_v1" },
            Input = new ELFLoaderCtx { ElfData = ByteString.CopyFrom(RecognitionTests.ElfHeader()) },
            Output = new ELFLoaderEffects { ErrCode = 1 },
        };
        var result = Runner.RunBytes("tiny-elf", fixture.ToByteArray());
        Assert.NotEqual(CaseOutcome.Skipped, result.Outcome);
        Assert.Equal(CaseKinds.ElfLoader, result.Kind);
    }

    private sealed class NoSyscall : ISyscall
    {
        public static readonly NoSyscall Instance = new();

        public SyscallError? Invoke(Stratus.Sbpf.VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            r0 = 0;
            return null;
        }
    }
}
