using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;
using Stratus.Runtime.Syscalls;

namespace Stratus.Runtime.Invoke;

// The context syscalls reach the runtime through ISyscallHost on the VM's Host, which is this context
// itself: no adapter in between. The members are explicit so that the invoke context's own surface
// stays what the runtime uses (its StackHeight is an int; the syscalls' is Agave's u64).
public sealed partial class InvokeContext : ISyscallHost
{
    ulong ISyscallHost.StackHeight => (ulong)StackHeight;

    ReadOnlySpan<byte> ISyscallHost.GetReturnData(out Pubkey programId)
    {
        var returnData = Transaction.ReturnData;
        programId = returnData.ProgramId;
        return returnData.Data;
    }

    InstructionError? ISyscallHost.SetReturnData(ReadOnlySpan<byte> data)
    {
        var error = Transaction.GetCurrentInstructionContext(out var instruction);
        if (error != null) return error;
        error = instruction.GetProgramKey(Transaction, out var programId);
        if (error != null) return error;
        Transaction.SetReturnData(programId, data.ToArray());
        return null;
    }

    int ISyscallHost.InstructionTraceLength => Transaction.InstructionTraceLength;

    InstructionError? ISyscallHost.GetTracedInstruction(int indexInTrace, out ulong stackHeight, out ReadOnlySpan<byte> data, out int accountCount)
    {
        var instruction = Transaction.GetInstructionContextAtTraceIndex(indexInTrace);
        stackHeight = (ulong)instruction.StackHeight;
        data = instruction.Data;
        accountCount = instruction.AccountCount;
        return null;
    }

    InstructionError? ISyscallHost.GetTracedInstructionProgramId(int indexInTrace, out Pubkey programId) =>
        Transaction.GetInstructionContextAtTraceIndex(indexInTrace).GetProgramKey(Transaction, out programId);

    InstructionError? ISyscallHost.GetTracedInstructionAccount(int indexInTrace, int instructionAccountIndex, out Pubkey key, out bool isSigner, out bool isWritable)
    {
        var instruction = Transaction.GetInstructionContextAtTraceIndex(indexInTrace);
        key = default;
        isSigner = isWritable = false;
        var error = instruction.GetIndexInTransaction(instructionAccountIndex, out ushort index);
        if (error != null) return error;
        error = Transaction.GetKey(index, out key);
        if (error != null) return error;
        error = instruction.IsSigner(instructionAccountIndex, out isSigner);
        if (error != null) return error;
        isWritable = instruction.IsWritable(instructionAccountIndex);
        return null;
    }

    bool ISyscallHost.TryGetSysvarData(in Pubkey sysvarId, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (!SysvarData.IsBuffered(sysvarId) || !Environment.Sysvars.TryGetRaw(sysvarId, out var raw)) return false;
        if (!SysvarData.Deserializes(sysvarId, raw)) return false;
        data = raw;
        return true;
    }

    bool ISyscallHost.TryGetFeesSysvar(out ulong lamportsPerSignature)
    {
        lamportsPerSignature = 0;
        if (!Environment.Sysvars.TryGetRaw(SysvarIds.Fees, out var raw) || raw.Length < 8) return false;
        lamportsPerSignature = BinaryPrimitives.ReadUInt64LittleEndian(raw);
        return true;
    }

    ulong ISyscallHost.GetEpochTotalStake() => Environment.EpochTotalStake;

    ulong ISyscallHost.GetEpochVoteAccountStake(in Pubkey voteAccount) => Environment.EpochVoteAccountStake(voteAccount);

    BpfAllocator? ISyscallHost.Allocator => SyscallContext?.Allocator;

    IReadOnlyList<SerializedAccountMetadata>? ISyscallHost.AccountsMetadata => SyscallContext?.AccountsMetadata;
}
