using Google.Protobuf;
using Stratus.Conformance.Features;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;

namespace Stratus.Conformance.Runners;

/// <summary>
/// ELF loader fixtures: loads the ELF with Stratus's loader in the environment Agave 2.2 builds from the fixture's
/// features and deploy flag, and compares every effect field. Handles the current layout (hashes) and the
/// historical v1 layout (raw rodata and call-destination list).
/// </summary>
public sealed class ElfLoaderFixtureRunner : IFixtureKindRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseKinds.ElfLoader];

    public CaseResult Run(string id, Recognition recognition, IMessage fixture) => fixture switch
    {
        ELFLoaderFixture f => RunCurrent(id, f),
        ELFLoaderFixtureV1 f => RunV1(id, f),
        _ => CaseResult.Fail(CaseKinds.ElfLoader, id, $"unexpected message {fixture.Descriptor.Name} for an ELF loader fixture"),
    };

    /// <summary>What the loader produced for one fixture input.</summary>
    public sealed record Outcome(ElfLoadResult Result, ActiveFeatures Features)
    {
        /// <summary>The fixture error code: 0, or the sbpf <c>ElfError</c> variant ordinal + 1 (Firedancer's numbering).</summary>
        public uint ErrCode => Result.IsOk ? 0 : (uint)Result.Error.Kind + 1;
    }

    /// <summary>Loads <paramref name="elf"/> as Agave would for a program with these features (deployment when <paramref name="deployChecks"/>).</summary>
    public static Outcome Load(byte[] elf, IEnumerable<ulong> featurePrefixes, bool deployChecks)
    {
        var features = FeatureSetMap.Default.Resolve(featurePrefixes);
        var config = ElfLoaderConfig.ForAgave(features.IsActive, deployment: deployChecks);
        var syscalls = KnownSyscalls.CreateRegistry(features.IsActive, deployChecks, _ => LoadOnlySyscall.Instance);
        return new Outcome(ElfLoader.Load(elf, config, syscalls), features);
    }

    /// <summary>The effects in the current layout, as both Firedancer and Agave harnesses define them.</summary>
    public static ELFLoaderEffects Effects(Outcome outcome)
    {
        var effects = new ELFLoaderEffects { ErrCode = outcome.ErrCode };
        if (!outcome.Result.IsOk) return effects;
        var exe = outcome.Result.Executable;
        var strict = exe.Version.EnableStricterElfHeaders();
        effects.RodataHash = FdHash.Hash(exe.ReadOnlyRegion);
        effects.TextCnt = (ulong)exe.SlotCount;
        effects.TextOff = TextOffset(exe);
        effects.EntryPc = exe.EntryPc;
        // Harnesses report no call destinations for versions with strict ELF headers (calls there are pc-relative).
        effects.CalldestsHash = FdHash.HashU64s(strict ? [] : CallDestinations(exe));
        return effects;
    }

    /// <summary>The sorted, distinct pcs of the entry point and every registered function.</summary>
    public static IReadOnlyList<ulong> CallDestinations(Executable exe) =>
        exe.Functions.Entries.Select(e => e.Value.Pc).Append(exe.EntryPc).Distinct().Order().ToArray();

    // Offset of .text in the program region: its vaddr above 0x1_0000_0000 (0 for bytecode mapped at 0).
    private static ulong TextOffset(Executable exe) =>
        exe.TextVaddr >= MemoryLayout.ProgramStart ? exe.TextVaddr - MemoryLayout.ProgramStart : 0;

    private static CaseResult RunCurrent(string id, ELFLoaderFixture f)
    {
        if (f.Output == null) return CaseResult.Skip(CaseKinds.ElfLoader, id, "fixture has no expected output (the harness produced none)");
        var input = f.Input ?? new ELFLoaderCtx();
        var outcome = Load(input.ElfData.ToByteArray(), input.Features?.Features ?? [], input.DeployChecks);
        var actual = Effects(outcome);
        var expected = f.Output;

        var diffs = new DiffList();
        diffs.Compare("err_code", expected.ErrCode, actual.ErrCode);
        diffs.CompareHex("rodata_hash", expected.RodataHash, actual.RodataHash);
        diffs.Compare("text_cnt", expected.TextCnt, actual.TextCnt);
        diffs.CompareHex("text_off", expected.TextOff, actual.TextOff);
        diffs.Compare("entry_pc", expected.EntryPc, actual.EntryPc);
        diffs.CompareHex("calldests_hash", expected.CalldestsHash, actual.CalldestsHash);
        return Verdict(id, outcome, diffs);
    }

    private static CaseResult RunV1(string id, ELFLoaderFixtureV1 f)
    {
        if (f.Output == null) return CaseResult.Skip(CaseKinds.ElfLoader, id, "fixture has no expected output (the harness produced none)");
        var input = f.Input ?? new ELFLoaderCtxV1();
        var elf = input.Elf?.Data.ToByteArray() ?? [];
        // The v1 harness resized the ELF to elf_sz (zero-padding or truncating) when the two disagreed.
        if (input.ElfSz != (ulong)elf.Length && input.ElfSz <= ProtobufFixtureRunner.MaxFileSize)
            Array.Resize(ref elf, (int)input.ElfSz);
        var outcome = Load(elf, input.Features?.Features ?? [], input.DeployChecks);
        var expected = f.Output;

        var diffs = new DiffList();
        diffs.Compare("error", expected.Error, outcome.ErrCode);
        if (outcome.Result.IsOk)
        {
            var exe = outcome.Result.Executable;
            diffs.Compare("rodata", expected.Rodata.Span, exe.ReadOnlyRegion);
            diffs.Compare("rodata_sz", expected.RodataSz, (ulong)exe.ReadOnlyRegion.Length);
            diffs.Compare("text_cnt", expected.TextCnt, (ulong)exe.SlotCount);
            diffs.CompareHex("text_off", expected.TextOff, TextOffset(exe));
            diffs.Compare("entry_pc", expected.EntryPc, exe.EntryPc);
            diffs.Compare("calldests", string.Join(",", expected.Calldests), string.Join(",", CallDestinations(exe)));
        }
        else
        {
            diffs.Compare("rodata_sz", expected.RodataSz, 0);
            diffs.Compare("text_cnt", expected.TextCnt, 0);
        }
        return Verdict(id, outcome, diffs);
    }

    private static CaseResult Verdict(string id, Outcome outcome, DiffList diffs)
    {
        if (!diffs.Any) return CaseResult.Pass(CaseKinds.ElfLoader, id);
        var loaded = outcome.Result.IsOk ? $"loaded as {outcome.Result.Executable.Version}" : $"loader error {outcome.Result.Error.ToRustDebugString()}";
        var unknown = outcome.Features.UnknownPrefixes.Count == 0 ? "" : $"; {outcome.Features.UnknownPrefixes.Count} feature id(s) unknown to Stratus were ignored";
        return CaseResult.Fail(CaseKinds.ElfLoader, id, loaded + unknown, diffs.Diffs);
    }

    /// <summary>Stands in for every syscall: loading needs only the names, never the implementations.</summary>
    private sealed class LoadOnlySyscall : ISyscall
    {
        public static readonly LoadOnlySyscall Instance = new();

        public SyscallError? Invoke(Stratus.Sbpf.VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            r0 = 0;
            return new SyscallError("loader-only syscall placeholder was invoked");
        }
    }
}
