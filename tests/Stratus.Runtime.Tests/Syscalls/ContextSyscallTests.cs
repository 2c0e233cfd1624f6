using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

public class ContextSyscallTests
{
    private static Pubkey Key(int seed) => new(Enumerable.Range(seed, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Stack_height()
    {
        var host = new FakeSyscallHost { StackHeight = 3 };
        using var vm = Create(new byte[8], budget: 150, host: host);
        Assert.Equal((3UL, 100UL), vm.Ok(SolGetStackHeight.Instance));
        SyscallAssert.BudgetExceeded(vm.Fail(SolGetStackHeight.Instance).Error);
        using var hostless = Create(new byte[8]);
        Assert.Same(SyscallFailures.NoHost, hostless.Fail(SolGetStackHeight.Instance).Error);
    }

    // Agave test_set_and_get_return_data, plus the cost and error paths.
    [Fact]
    public void Set_and_get_return_data()
    {
        var host = new FakeSyscallHost();
        var input = new byte[2048];
        input.AsSpan(0, 24).Fill(42);
        using var vm = Create(input, host: host);
        Assert.Equal((0UL, 100UL), vm.Ok(SolSetReturnData.Instance, Input, 24));
        Assert.Equal(Enumerable.Repeat((byte)42, 24), host.ReturnData);
        Assert.Equal(host.CurrentProgramId, host.ReturnProgramId);

        var (r0, cost) = vm.Ok(SolGetReturnData.Instance, Input + 100, 16, Input + 200);
        Assert.Equal(24UL, r0);
        Assert.Equal(100UL + (16 + 32) / 250, cost);
        Assert.Equal(Enumerable.Repeat((byte)42, 16), input[100..116]);
        Assert.Equal(host.CurrentProgramId.ToArray(), input[200..232]);

        // Agave: the program id may not overlap the copied data.
        Assert.Same(SyscallFailures.CopyOverlapping, vm.Fail(SolGetReturnData.Instance, Input + 200, 16, Input + 200).Error);
        Assert.Same(SyscallFailures.CopyOverlapping, vm.Fail(SolGetReturnData.Instance, Input + 100, 16, Input + 115).Error);
        vm.Ok(SolGetReturnData.Instance, Input + 100, 16, Input + 116);
    }

    [Fact]
    public void Set_return_data_costs_and_limits()
    {
        var host = new FakeSyscallHost();
        var input = new byte[2048];
        using var vm = Create(input, host: host);
        Assert.Equal((0UL, 100UL + 1024 / 250), vm.Ok(SolSetReturnData.Instance, Input, 1024));
        var (tooLarge, cost) = vm.Fail(SolSetReturnData.Instance, Input, 1025);
        Assert.Equal(SyscallErrorKind.ReturnDataTooLarge, tooLarge.Kind);
        Assert.Equal("Return data too large (1025 > 1024)", tooLarge.Message);
        Assert.Equal(100UL + 1025 / 250, cost);
        Assert.Equal(1024, host.ReturnData.Length);
        // Length 0 clears without translating the (unmapped) address.
        Assert.Equal((0UL, 100UL), vm.Ok(SolSetReturnData.Instance, 0x10, 0));
        Assert.Empty(host.ReturnData);
        SyscallAssert.AccessViolation(vm.Fail(SolSetReturnData.Instance, Input + 2000, 100).Error, AccessType.Load, Input + 2000, 100);
        host.SetReturnDataError = new InstructionError(InstructionErrorKind.CallDepth);
        var (hostError, _) = vm.Fail(SolSetReturnData.Instance, Input, 1);
        Assert.Equal(SyscallErrorKind.InstructionError, hostError.Kind);
        Assert.Equal("CallDepth", hostError.InstructionError);
        using var poor = Create(input, budget: 100 + 3, host: host);
        SyscallAssert.BudgetExceeded(poor.Fail(SolSetReturnData.Instance, Input, 1000).Error);
    }

    [Fact]
    public void Get_return_data_when_empty_or_short()
    {
        var host = new FakeSyscallHost();
        var input = new byte[256];
        using var vm = Create(input, host: host);
        // No data: only the base cost, nothing translated.
        Assert.Equal((0UL, 100UL), vm.Ok(SolGetReturnData.Instance, 0x10, 100, 0x20));
        host.ReturnData = [1, 2, 3];
        host.ReturnProgramId = Key(7);
        // length 0 asks only for the size.
        Assert.Equal((3UL, 100UL), vm.Ok(SolGetReturnData.Instance, 0x10, 0, 0x20));
        Assert.Equal((3UL, 100UL), vm.Ok(SolGetReturnData.Instance, Input, 100, Input + 64));
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, input[..4]);
        Assert.Equal(Key(7).ToArray(), input[64..96]);
        SyscallAssert.AccessViolation(vm.Fail(SolGetReturnData.Instance, Program, 3, Input).Error, AccessType.Store, Program, 3);
        SyscallAssert.AccessViolation(vm.Fail(SolGetReturnData.Instance, Input, 3, Program).Error, AccessType.Store, Program, 32);
    }

    private static FakeSyscallHost AgaveTrace()
    {
        // Agave test_syscall_sol_get_processed_sibling_instruction: stack heights [1, 2, 3, 2, 2, 3, 4, 3];
        // instruction i has data [i] and one account, transaction account i + 1; the program is account 0.
        var host = new FakeSyscallHost { StackHeight = 3 };
        ulong[] heights = [1, 2, 3, 2, 2, 3, 4, 3];
        for (int i = 0; i < heights.Length; i++)
            host.Trace.Add(new(heights[i], Key(0), [(byte)i], [(Key(i + 1), false, false)]));
        return host;
    }

    [Fact]
    public void Processed_sibling_instruction_agave_case()
    {
        var host = AgaveTrace();
        var input = new byte[1024];
        // meta at 0, program id at 16, data at 48, accounts at 304.
        BinaryPrimitives.WriteUInt64LittleEndian(input, 1);
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(8), 1);
        using var vm = Create(input, host: host);
        Assert.Equal((1UL, 100UL), vm.Ok(SolGetProcessedSiblingInstruction.Instance, 0, Input, Input + 16, Input + 48, Input + 304));
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(input));
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(8)));
        Assert.Equal(Key(0).ToArray(), input[16..48]);
        Assert.Equal(5, input[48]);
        Assert.Equal(Key(6).ToArray(), input[304..336]);
        Assert.Equal(new byte[] { 0, 0 }, input[336..338]);

        Assert.Equal((0UL, 100UL), vm.Ok(SolGetProcessedSiblingInstruction.Instance, 1, Input, Input + 16, Input + 48, Input + 304));
        Assert.Same(SyscallFailures.CopyOverlapping, vm.Fail(SolGetProcessedSiblingInstruction.Instance, 0, Input, Input, Input, Input).Error);
    }

    [Fact]
    public void Processed_sibling_instruction_reports_lengths_when_buffers_differ()
    {
        var host = new FakeSyscallHost { StackHeight = 1 };
        host.Trace.Add(new(1, Key(50), [9, 8, 7], [(Key(1), true, true), (Key(2), false, true)]));
        host.Trace.Add(new(2, Key(60), [1], []));
        host.Trace.Add(new(1, Key(70), [], [])); // the current instruction
        var input = new byte[1024];
        using var vm = Create(input, host: host);
        // Lengths 0/0 do not match (3, 2): outputs (unmapped here) are left alone, real lengths written back.
        Assert.Equal(1UL, vm.Ok(SolGetProcessedSiblingInstruction.Instance, 0, Input, 0x10, 0x20, 0x30).R0);
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(input));
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(8)));
        // Now they match: program id, data and the 34-byte AccountMetas are filled.
        Assert.Equal(1UL, vm.Ok(SolGetProcessedSiblingInstruction.Instance, 0, Input, Input + 16, Input + 48, Input + 51).R0);
        Assert.Equal(Key(50).ToArray(), input[16..48]);
        Assert.Equal(new byte[] { 9, 8, 7 }, input[48..51]);
        Assert.Equal(Key(1).ToArray(), input[51..83]);
        Assert.Equal(new byte[] { 1, 1 }, input[83..85]);
        Assert.Equal(Key(2).ToArray(), input[85..117]);
        Assert.Equal(new byte[] { 0, 1 }, input[117..119]);
        Assert.Equal(0UL, vm.Ok(SolGetProcessedSiblingInstruction.Instance, 1, Input, Input + 16, Input + 48, Input + 51).R0);
        Assert.Equal(0UL, vm.Ok(SolGetProcessedSiblingInstruction.Instance, ulong.MaxValue, Input, Input + 16, Input + 48, Input + 51).R0);
        // The header is 8-aligned and writable.
        SyscallAssert.Kind(SyscallErrorKind.UnalignedPointer, vm.Fail(SolGetProcessedSiblingInstruction.Instance, 0, Input + 4, 0, 0, 0).Error);
        SyscallAssert.AccessViolation(vm.Fail(SolGetProcessedSiblingInstruction.Instance, 0, Program, 0, 0, 0).Error, AccessType.Store, Program, 16);
        // Data overlapping the accounts.
        Assert.Same(SyscallFailures.CopyOverlapping, vm.Fail(SolGetProcessedSiblingInstruction.Instance, 0, Input, Input + 16, Input + 48, Input + 50).Error);
    }

    [Fact]
    public void Epoch_stake()
    {
        var host = new FakeSyscallHost { EpochTotalStake = 123_456_789 };
        host.VoteStakes[Key(3)] = 42;
        var input = new byte[64];
        Key(3).CopyTo(input);
        Key(4).CopyTo(input.AsSpan(32));
        using var vm = Create(input, host: host);
        Assert.Equal((123_456_789UL, 100UL), vm.Ok(SolGetEpochStake.Instance, 0));
        Assert.Equal((42UL, 110UL), vm.Ok(SolGetEpochStake.Instance, Input));
        Assert.Equal((0UL, 110UL), vm.Ok(SolGetEpochStake.Instance, Input + 32));
        var (error, cost) = vm.Fail(SolGetEpochStake.Instance, Input + 40);
        SyscallAssert.AccessViolation(error, AccessType.Load, Input + 40, 32);
        Assert.Equal(110UL, cost);
    }
}
