using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// The context syscalls through the runtime itself: a BPF-loader-v2 program run by
/// <see cref="InvokeContext.ProcessInstruction"/>, so the syscalls reach the transaction context, the
/// sysvar cache and the syscall context through InvokeContext's own <see cref="Stratus.Runtime.Syscalls.ISyscallHost"/>.
/// </summary>
public class InvokeContextHostTests
{
    private static readonly Pubkey ProgramId = Pubkey.Parse("3DTD43NijdpuwzQL6fM19vU5hDZ2u6M7A9hMrJH3dJyD");

    private static (InstructionError? Error, InvokeContext Context, LogCollector Log) Run(string file, SysvarCache sysvars, ulong limit = 200_000)
    {
        var elf = File.ReadAllBytes(SharedData.Require(file));
        var accounts = new[] { new TransactionAccount(ProgramId, new Account(1, elf, ProgramIds.BpfLoader, executable: true)) };
        var tx = new TransactionContext(accounts, Rent.Default);
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana);
        var environment = RuntimeEnvironment.Create(features);
        var cache = new ProgramCacheForTxBatch(1, environment);
        Builtins.Register(cache, features);
        cache.Add(ProgramId, ProgramLoader.Build(ProgramIds.BpfLoader, 0, elf, environment));
        var log = new LogCollector();
        var ctx = new InvokeContext(tx, cache, new EnvironmentConfig(default, 5000, features, sysvars), log, limit, 32 * 1024);
        var error = ctx.ProcessInstruction(Array.Empty<byte>(), [], [0], out _);
        return (error, ctx, log);
    }

    [SharedFact("elfs/x1-tachyon/svm_tests_example-programs_clock-sysvar/clock_sysvar_program.so")]
    public void Clock_getter_and_return_data()
    {
        var sysvars = new SysvarCache();
        var clock = new byte[40];
        BinaryPrimitives.WriteInt64LittleEndian(clock.AsSpan(32), 1_700_000_123);
        sysvars.Set(SysvarIds.Clock, clock);
        var (error, ctx, _) = Run("elfs/x1-tachyon/svm_tests_example-programs_clock-sysvar/clock_sysvar_program.so", sysvars);
        Assert.Null(error);
        var expected = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(expected, 1_700_000_123);
        Assert.Equal(expected, ctx.Transaction.ReturnData.Data);
        Assert.Equal(ProgramId, ctx.Transaction.ReturnData.ProgramId);

        // A clock account too short to deserialize is not in Agave's cache: UnsupportedSysvar.
        var broken = new SysvarCache();
        broken.Set(SysvarIds.Clock, new byte[39]);
        var (failed, _, _) = Run("elfs/x1-tachyon/svm_tests_example-programs_clock-sysvar/clock_sysvar_program.so", broken);
        Assert.Equal(InstructionErrorKind.UnsupportedSysvar, failed!.Value.Kind);
    }

    [SharedFact("elfs/sig-test-elfs/set_return_data.so")]
    public void Set_return_data()
    {
        var (error, ctx, _) = Run("elfs/sig-test-elfs/set_return_data.so", new SysvarCache());
        Assert.Null(error);
        Assert.Equal("Hello, world!"u8.ToArray(), ctx.Transaction.ReturnData.Data);
        Assert.Equal(200_000UL - 141, ctx.Remaining);
    }

    [SharedFact("elfs/mithril-sbpf/get_stack_height.so")]
    public void Stack_height_of_a_top_level_instruction_is_one()
    {
        var (error, _, _) = Run("elfs/mithril-sbpf/get_stack_height.so", new SysvarCache());
        Assert.Null(error);
    }

    [SharedFact("elfs/mithril-sbpf/alloc_free.so")]
    public void Heap_allocator_of_the_syscall_context()
    {
        var (error, _, _) = Run("elfs/mithril-sbpf/alloc_free.so", new SysvarCache());
        Assert.Null(error);
    }
}
