using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;
using Stratus.Sbpf.Verification;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// Programs from Sig's and Tachyon's own tests that use the runtime syscalls, run in the interpreter
/// with <see cref="RuntimeSyscalls.CreateRegistry"/> and a fake host, checked against what those tests
/// expect (return data, account data, total compute units).
/// </summary>
public class UpstreamSyscallProgramTests
{
    private sealed record Account(Pubkey Key, bool IsWritable, Pubkey Owner, ulong Lamports, byte[] Data);

    /// <summary>The aligned (BPF loader v2/v3) input for non-duplicate accounts.</summary>
    private static byte[] Serialize(IReadOnlyList<Account> accounts, byte[] data, Pubkey programId)
    {
        var buf = new List<byte>();
        void U64(ulong v) => buf.AddRange(BitConverter.GetBytes(v));
        U64((ulong)accounts.Count);
        foreach (var a in accounts)
        {
            buf.AddRange([0xFF, 0, a.IsWritable ? (byte)1 : (byte)0, 0, 0, 0, 0, 0]);
            buf.AddRange(a.Key.ToArray());
            buf.AddRange(a.Owner.ToArray());
            U64(a.Lamports);
            U64((ulong)a.Data.Length);
            buf.AddRange(a.Data);
            buf.AddRange(new byte[10 * 1024 + (8 - a.Data.Length % 8) % 8]);
            U64(ulong.MaxValue);
        }
        U64((ulong)data.Length);
        buf.AddRange(data);
        buf.AddRange(programId.ToArray());
        return buf.ToArray();
    }

    private static (VmResult Result, byte[] Input, List<string> Logs) Run(string file, byte[] input, FakeSyscallHost host, ulong budget)
    {
        var registry = RuntimeSyscalls.CreateRegistry(_ => true, deployment: false);
        var load = ElfLoader.Load(File.ReadAllBytes(SharedData.Require(file)), ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V3, deployment: false), registry);
        Assert.True(load.IsOk, load.ToString());
        Assert.Null(RequisiteVerifier.Verify(load.Executable!));
        using var vm = Vm.Create(load.Executable!, new ComputeMeter(budget), input);
        var logs = new ListLogSink();
        vm.Context.LogSink = logs;
        vm.Context.Host = host;
        return (vm.Execute(), input, logs.Lines);
    }

    private static readonly Pubkey ProgramId = Pubkey.Parse("3DTD43NijdpuwzQL6fM19vU5hDZ2u6M7A9hMrJH3dJyD");

    // Sig runtime tests "set_return_data": set_return_data(b"Hello, world!") with 141 compute units.
    [SharedFact("elfs/sig-test-elfs/set_return_data.so")]
    public void Sig_set_return_data()
    {
        var host = new FakeSyscallHost { CurrentProgramId = ProgramId };
        var (result, _, _) = Run("elfs/sig-test-elfs/set_return_data.so", Serialize([], [], ProgramId), host, budget: 141);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(141UL, result.ComputeUnitsConsumed);
        Assert.Equal("Hello, world!"u8.ToArray(), host.ReturnData);
        Assert.Equal(ProgramId, host.ReturnProgramId);
    }

    // Sig runtime tests "fast_copy" (SPL shared-memory): copies instruction data after an 8-byte offset
    // into the account's data through sol_alloc_free_ and sol_memcpy_, in 61 compute units.
    [SharedFact("elfs/sig-test-elfs/fast_copy.so")]
    public void Sig_fast_copy()
    {
        var account = new Account(Pubkey.Parse("2W3R4CDyfdPBsABjBF86kdThsR5s89iX2wbfoGVhZw4M"), true, ProgramId, 0, new byte[10]);
        byte[] data = [0, 0, 0, 0, 0, 0, 0, 0, .. "my data :)"u8.ToArray()];
        var host = new FakeSyscallHost { CurrentProgramId = ProgramId };
        var (result, input, _) = Run("elfs/sig-test-elfs/fast_copy.so", Serialize([account], data, ProgramId), host, budget: 61);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(61UL, result.ComputeUnitsConsumed);
        // Account data sits after u64 count, 8 flag bytes, key, owner, lamports and data length.
        Assert.Equal("my data :)"u8.ToArray(), input[(8 + 8 + 32 + 32 + 8 + 8)..][..10]);
    }

    // Tachyon svm/tests/example-programs/clock-sysvar: set_return_data(Clock::get()?.unix_timestamp.to_be_bytes()).
    // Firedancer ships the same program in its ballet/sbpf fixtures.
    [SharedTheory("elfs")]
    [InlineData("elfs/x1-tachyon/svm_tests_example-programs_clock-sysvar/clock_sysvar_program.so")]
    [InlineData("elfs/firedancer-ballet-sbpf/clock_sysvar_program.so")]
    public void Clock_sysvar_program(string file)
    {
        var host = new FakeSyscallHost { CurrentProgramId = ProgramId };
        var clock = new byte[40];
        BinaryPrimitives.WriteInt64LittleEndian(clock.AsSpan(32), 1_700_000_123);
        host.Sysvars[SysvarIds.Clock] = clock;
        var (result, _, _) = Run(file, Serialize([], [], ProgramId), host, budget: 200_000);
        Assert.True(result.IsOk, result.ToString());
        var expected = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(expected, 1_700_000_123);
        Assert.Equal(expected, host.ReturnData);

        // Without a clock in the sysvar cache the syscall itself fails: UnsupportedSysvar.
        var empty = new FakeSyscallHost { CurrentProgramId = ProgramId };
        var (failed, _, _) = Run(file, Serialize([], [], ProgramId), empty, budget: 200_000);
        Assert.False(failed.IsOk);
        Assert.Equal("UnsupportedSysvar", failed.Error!.Syscall!.InstructionError);
    }
}
