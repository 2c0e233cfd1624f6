using Stratus.Core;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;
using Stratus.Sbpf.Verification;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// The syscall test programs of Mithril's fixtures (shared/data/elfs/mithril-sbpf), loaded with the
/// ELF loader and run in the interpreter against <see cref="RuntimeSyscalls.CreateRegistry"/>. Each
/// checks its syscall results itself and panics (sol_panic_/abort) on a mismatch; the expected logs
/// are those Mithril's pkg/sealevel/sealevel_test.go asserts. Some of them import the syscalls under
/// Mithril's test names (my_memcmp, my_sha256, ...), registered here as aliases of the real ones.
/// </summary>
public class MithrilSyscallProgramTests
{
    private const string Dir = "elfs/mithril-sbpf/";

    private static readonly Pubkey ProgramId = Pubkey.Parse("BPFLoaderUpgradeab1e11111111111111111111111");

    /// <summary>Aligned loader input with no accounts and no instruction data.</summary>
    private static byte[] EmptyInput()
    {
        var input = new byte[8 + 8 + 32];
        ProgramId.CopyTo(input.AsSpan(16));
        return input;
    }

    private static (VmResult Result, List<string> Logs, ulong Consumed) Run(string file, ISyscall? copy = null, object? host = null, ulong budget = 1_400_000)
    {
        var registry = RuntimeSyscalls.CreateRegistry(_ => true, deployment: false);
        registry.Register("my_copy", copy ?? SolMemcpy.Instance);
        registry.Register("my_memcmp", SolMemcmp.Instance);
        registry.Register("my_memset", SolMemset.Instance);
        registry.Register("my_sha256", new SolHash(SyscallHashKind.Sha256));
        registry.Register("my_keccak256", new SolHash(SyscallHashKind.Keccak256));
        registry.Register("my_blake3", new SolHash(SyscallHashKind.Blake3));
        registry.Register("my_create_program_address", SolCreateProgramAddress.Instance);
        registry.Register("my_try_find_program_address", SolTryFindProgramAddress.Instance);
        registry.Register("my_panic", Sbpf.Syscalls.SolPanic.Instance);

        var bytes = File.ReadAllBytes(SharedData.Require(Dir + file));
        var load = ElfLoader.Load(bytes, ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V3, deployment: false), registry);
        Assert.True(load.IsOk, load.ToString());
        Assert.Null(RequisiteVerifier.Verify(load.Executable!));
        using var vm = Vm.Create(load.Executable!, new ComputeMeter(budget), EmptyInput());
        var logs = new ListLogSink();
        vm.Context.LogSink = logs;
        vm.Context.Host = host;
        var result = vm.Execute();
        return (result, logs.Lines, result.ComputeUnitsConsumed);
    }

    private static void AssertSuccess(VmResult result)
    {
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(0UL, result.ReturnValue);
    }

    [SharedTheory(Dir)]
    [InlineData("sha256.so")]
    [InlineData("keccak256.so")]
    [InlineData("blake3.so")]
    public void Hashes(string file)
    {
        var (result, logs, _) = Run(file);
        AssertSuccess(result);
        Assert.Equal(["Program log: 1: hash returned matched", "Program log: 2: hash returned matched"], logs);
    }

    [SharedFact(Dir + "memcmp_matched.so")]
    public void Memcmp_matched()
    {
        var (result, logs, _) = Run("memcmp_matched.so");
        AssertSuccess(result);
        Assert.Equal(["Program log: Memory chunks matched."], logs);
    }

    [SharedFact(Dir + "memcmp_not_matched.so")]
    public void Memcmp_not_matched_returns_the_difference()
    {
        var (result, logs, _) = Run("memcmp_not_matched.so");
        AssertSuccess(result);
        Assert.Equal(["Program log: Memory chunks did not match.", "Program log: Difference between non-matching character was correctly returned."], logs);
    }

    [SharedFact(Dir + "memset_check_correct.so")]
    public void Memset()
    {
        var (result, logs, _) = Run("memset_check_correct.so");
        AssertSuccess(result);
        Assert.Equal(["Program log: Memory chunks matched as 16-byte 'x' strings"], logs);
    }

    [SharedFact(Dir + "memcpy_and_memmove_test_matched.so", Dir + "memcpy_and_memmove_test_not_matched.so")]
    public void Memcpy_and_memmove()
    {
        foreach (ISyscall copy in new ISyscall[] { SolMemcpy.Instance, SolMemmove.Instance })
        {
            var (matched, matchedLogs, _) = Run("memcpy_and_memmove_test_matched.so", copy);
            AssertSuccess(matched);
            Assert.Equal(["Program log: Strings matched after copy."], matchedLogs);
            var (notMatched, notMatchedLogs, _) = Run("memcpy_and_memmove_test_not_matched.so", copy);
            AssertSuccess(notMatched);
            Assert.Equal(["Program log: Strings did not match after copy."], notMatchedLogs);
        }
    }

    [SharedFact(Dir + "memcpy_overlapping.so")]
    public void Memcpy_overlapping_fails()
    {
        var (result, logs, _) = Run("memcpy_overlapping.so");
        Assert.False(result.IsOk);
        Assert.Equal(VmErrorKind.SyscallError, result.Error!.Kind);
        Assert.Same(SyscallFailures.CopyOverlapping, result.Error.Syscall);
        Assert.Empty(logs);
        // The overlap test comes before translation: memmove, which has none, fails instead on the
        // read-only destination (the program copies within its rodata).
        var moved = Run("memcpy_overlapping.so", SolMemmove.Instance).Result;
        Assert.False(moved.IsOk);
        Assert.Equal(VmErrorKind.AccessViolation, moved.Error!.Syscall!.Ebpf!.Kind);
        Assert.Equal(Sbpf.Memory.AccessType.Store, moved.Error.Syscall.Ebpf.AccessType);
    }

    [SharedFact(Dir + "create_program_address.so")]
    public void Create_program_address()
    {
        var (result, logs, _) = Run("create_program_address.so");
        AssertSuccess(result);
        Assert.Equal(["Program log: 1: address returned was the expected address", "Program log: 2: address returned was the expected address"], logs);
    }

    [SharedFact(Dir + "try_find_program_address.so")]
    public void Try_find_program_address()
    {
        var (result, logs, _) = Run("try_find_program_address.so");
        AssertSuccess(result);
        Assert.Equal(["Program log: try_find_program_address success",
            "Program log: address returned by try_find_program_address matches create_program_address with equivalent seeds"], logs);
    }

    [SharedFact(Dir + "panic.so")]
    public void Panic()
    {
        var (result, _, _) = Run("panic.so");
        Assert.False(result.IsOk);
        Assert.Equal("SBF program Panicked in some_file_1234.c at 1337:10", result.Error!.Syscall!.Message);
    }

    [SharedTheory(Dir)]
    [InlineData("secp256k1_recover.so")]
    [InlineData("validate_point.so")]
    [InlineData("curve_group_ops.so")]
    [InlineData("curve_multiscalar_mul.so")]
    public void Self_checking_programs(string file)
    {
        var (result, _, _) = Run(file);
        AssertSuccess(result);
    }

    [SharedFact(Dir + "sol_log_data.so")]
    public void Log_data()
    {
        var (result, logs, _) = Run("sol_log_data.so");
        AssertSuccess(result);
        Assert.Equal(["Program data: aGVsbG8= d29ybGQ="], logs);
    }

    [SharedFact(Dir + "get_stack_height.so")]
    public void Get_stack_height()
    {
        AssertSuccess(Run("get_stack_height.so", host: new FakeSyscallHost { StackHeight = 1 }).Result);
        Assert.False(Run("get_stack_height.so", host: new FakeSyscallHost { StackHeight = 2 }).Result.IsOk);
    }

    [SharedFact(Dir + "return_data.so")]
    public void Return_data()
    {
        var host = new FakeSyscallHost { CurrentProgramId = ProgramId };
        AssertSuccess(Run("return_data.so", host: host).Result);
        Assert.Equal("the quick brown fox jumps over the lazy dog\0"u8.ToArray(), host.ReturnData);
        Assert.Equal(ProgramId, host.ReturnProgramId);
    }

    [SharedFact(Dir + "alloc_free.so")]
    public void Alloc_free()
    {
        AssertSuccess(Run("alloc_free.so", host: new FakeSyscallHost { Allocator = new BpfAllocator(32 * 1024) }).Result);
    }

    /// <remarks>
    /// The program (Mithril's c/src/sysvars/sysvars.c) reads EpochSchedule as a packed struct:
    /// first_normal_epoch at offset 17. Agave writes the repr(C) Rust struct (warmup at 16, zeroed padding,
    /// first_normal_epoch at 24; see Agave's test_syscall_get_sysvar), so on Agave this program passes the
    /// clock and rent checks and the warmup flag, then panics at line 86. That is what is asserted here.
    /// </remarks>
    [SharedFact(Dir + "sysvars.so")]
    public void Sysvar_getters()
    {
        // The values Mithril's TestInterpreter_Get_Sysvar_Syscalls stores, which the program checks.
        var host = new FakeSyscallHost();
        static byte[] U64(params ulong[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();
        host.Sysvars[SysvarIds.Clock] = U64(1234, 2222, 1111, 100_000, 3);
        host.Sysvars[SysvarIds.Rent] = [.. U64(12), .. BitConverter.GetBytes(34.0), 56];
        host.Sysvars[SysvarIds.EpochSchedule] = [.. U64(1111, 2222), 1, .. U64(4444, 5555)];
        host.Sysvars[SysvarIds.LastRestartSlot] = U64(989_898);
        host.Sysvars[SysvarIds.EpochRewards] = [.. U64(1234, 4321), .. "abaaaaaaaaaaaaaaaaaaaaaaaaaaaada"u8.ToArray(),
            .. U64(ulong.MaxValue, 0xeeee_eeee_eeee_eeee), .. U64(5656, 6767), 0];
        var result = Run("sysvars.so", host: host).Result;
        Assert.False(result.IsOk);
        Assert.Equal("SBF program Panicked in c/src/sysvars/sysvars.c\0 at 86:0", result.Error!.Syscall!.Message);
        // Bytes 17..24 are padding, zeroed as Agave's CloneZeroed does: no data makes the packed read pass.
    }
}
