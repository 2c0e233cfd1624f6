using System.Buffers.Binary;
using Stratus.Runtime.Syscalls.Bn254;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;
using Stratus.Sbpf.Syscalls;
using Stratus.Sbpf.Verification;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Syscalls.Bn254;

/// <summary>
/// Upstream test programs that call these syscalls with known vectors and abort (sol_panic_ / abort)
/// on any mismatch: Agave's programs/sbf alt_bn128, alt_bn128_compression and poseidon Rust programs
/// as shipped in Mithril's fixtures, and the C alt_bn128 program Tachyon's CLI tests deploy. Run through the ELF loader,
/// verifier and interpreter on a minimal aligned input (no accounts, no data, a program id).
/// </summary>
public class Bn254ElfProgramTests
{
    private sealed class UnexpectedSyscall(string name) : ISyscall
    {
        public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            r0 = 0;
            return new SyscallError($"unexpected syscall {name}");
        }
    }

    /// <summary>Counts the calls that reach the wrapped syscall and the r0 values other than 0.</summary>
    private sealed class Counting(ISyscall inner) : ISyscall
    {
        public int Calls;
        public int NonZeroResults;

        public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            Calls++;
            var error = inner.Invoke(vm, a1, a2, a3, a4, a5, out r0);
            if (error == null && r0 != 0) NonZeroResults++;
            return error;
        }
    }

    private static (SyscallRegistry Registry, Dictionary<string, Counting> Counters) Registry()
    {
        var registry = BasicSyscalls.Register(new SyscallRegistry());
        var counters = Bn254Syscalls.Create(Bn254SyscallFeatures.All).ToDictionary(kv => kv.Key, kv => new Counting(kv.Value));
        foreach (var s in KnownSyscalls.AgaveV1)
        {
            if (registry.Contains(s.Key)) continue;
            registry.Register(s.Name, counters.TryGetValue(s.Name, out var impl) ? impl : new UnexpectedSyscall(s.Name));
        }
        return (registry, counters);
    }

    private static byte[] MinimalInput()
    {
        var input = new byte[8 + 8 + 32];
        BinaryPrimitives.WriteUInt64LittleEndian(input, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(8), 0);
        for (int i = 0; i < 32; i++) input[16 + i] = (byte)(i + 1);
        return input;
    }

    private static (VmResult Result, List<string> Logs, Dictionary<string, Counting> Counters) Run(string file)
    {
        var bytes = File.ReadAllBytes(SharedData.Require(file));
        var (registry, counters) = Registry();
        var load = ElfLoader.Load(bytes, ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V3, deployment: false), registry);
        Assert.True(load.IsOk, load.ToString());
        Assert.Null(RequisiteVerifier.Verify(load.Executable));
        using var vm = Vm.Create(load.Executable, new ComputeMeter(10_000_000), MinimalInput());
        var sink = new ListLogSink();
        vm.Context.LogSink = sink;
        return (vm.Execute(), sink.Lines, counters);
    }

    /// <summary>Each program checks every syscall result against its vectors and panics on a mismatch; none expects an error.</summary>
    [SharedTheory("elfs")]
    [InlineData("elfs/mithril-sbpf/alt_bn128.so", Bn254Syscalls.AltBn128GroupOp)]
    [InlineData("elfs/x1-tachyon/cli_tests_fixtures/alt_bn128.so", Bn254Syscalls.AltBn128GroupOp)]
    [InlineData("elfs/mithril-sbpf/alt_bn128_compression.so", Bn254Syscalls.AltBn128Compression)]
    [InlineData("elfs/mithril-sbpf/poseidon.so", Bn254Syscalls.Poseidon)]
    public void Program_runs_to_completion(string file, string syscall)
    {
        var (result, logs, counters) = Run(file);
        Assert.True(result.IsOk, result + " logs: " + string.Join(" | ", logs));
        Assert.Equal(0UL, result.ReturnValue);
        Assert.True(counters[syscall].Calls > 0, $"{syscall} was never called");
        Assert.Equal(0, counters[syscall].NonZeroResults);
        foreach (var (name, counter) in counters)
        {
            if (name != syscall) Assert.Equal(0, counter.Calls);
        }
    }

    /// <summary>
    /// Sig's poseidon_test.so is a new-layout SBPF v3 build (e_flags 3) that solana-sbpf 0.10.1 (Agave
    /// 2.2) refuses to load, so it never runs on this runtime; its vectors (1..12 inputs) are the ones
    /// the Crypto Poseidon tests and the syscall tests check.
    /// </summary>
    [SharedFact("elfs/sig-test-elfs/poseidon_test.so")]
    public void Sig_poseidon_test_is_not_loadable_by_sbpf_0_10_1()
    {
        var bytes = File.ReadAllBytes(SharedData.Require("elfs/sig-test-elfs/poseidon_test.so"));
        var load = ElfLoader.Load(bytes, ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V3, deployment: false), Registry().Registry);
        Assert.False(load.IsOk);
        Assert.Contains("invalid file header", load.ToString());
    }
}
