using System.Runtime.CompilerServices;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// <see cref="ISyscallHost"/> over the runtime's <see cref="InvokeContext"/>, which the BPF loader puts in
/// <see cref="VmContext.Host"/>. Transitional: once InvokeContext implements ISyscallHost itself this
/// adapter can go (<see cref="SyscallHosts.Get"/> prefers a host that implements the interface).
/// </summary>
internal sealed class InvokeContextSyscallHost(InvokeContext context) : ISyscallHost
{
    private static readonly ConditionalWeakTable<SyscallContext, BpfAllocator> Allocators = new();

    public InvokeContext Context { get; } = context;

    public ulong StackHeight => (ulong)Context.StackHeight;

    public ReadOnlySpan<byte> GetReturnData(out Pubkey programId)
    {
        var returnData = Context.Transaction.ReturnData;
        programId = returnData.ProgramId;
        return returnData.Data;
    }

    public InstructionError? SetReturnData(ReadOnlySpan<byte> data)
    {
        var transaction = Context.Transaction;
        var error = transaction.GetCurrentInstructionContext(out var instruction);
        if (error != null) return error;
        error = instruction.GetProgramKey(transaction, out var programId);
        if (error != null) return error;
        transaction.SetReturnData(programId, data.ToArray());
        return null;
    }

    public int InstructionTraceLength => Context.Transaction.InstructionTraceLength;

    public InstructionError? GetTracedInstruction(int indexInTrace, out ulong stackHeight, out ReadOnlySpan<byte> data, out int accountCount)
    {
        var instruction = Context.Transaction.GetInstructionContextAtTraceIndex(indexInTrace);
        stackHeight = (ulong)instruction.StackHeight;
        data = instruction.Data;
        accountCount = instruction.AccountCount;
        return null;
    }

    public InstructionError? GetTracedInstructionProgramId(int indexInTrace, out Pubkey programId) =>
        Context.Transaction.GetInstructionContextAtTraceIndex(indexInTrace).GetProgramKey(Context.Transaction, out programId);

    public InstructionError? GetTracedInstructionAccount(int indexInTrace, int instructionAccountIndex, out Pubkey key, out bool isSigner, out bool isWritable)
    {
        var transaction = Context.Transaction;
        var instruction = transaction.GetInstructionContextAtTraceIndex(indexInTrace);
        key = default;
        isSigner = isWritable = false;
        var error = instruction.GetIndexInTransaction(instructionAccountIndex, out ushort index);
        if (error != null) return error;
        error = transaction.GetKey(index, out key);
        if (error != null) return error;
        error = instruction.IsSigner(instructionAccountIndex, out isSigner);
        if (error != null) return error;
        isWritable = instruction.IsWritable(instructionAccountIndex);
        return null;
    }

    public bool TryGetSysvarData(in Pubkey sysvarId, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (!SysvarData.IsBuffered(sysvarId) || !Context.Environment.Sysvars.TryGetRaw(sysvarId, out var raw)) return false;
        if (!SysvarData.Deserializes(sysvarId, raw)) return false;
        data = raw;
        return true;
    }

    public bool TryGetFeesSysvar(out ulong lamportsPerSignature)
    {
        lamportsPerSignature = 0;
        if (!Context.Environment.Sysvars.TryGetRaw(SysvarIds.Fees, out var raw) || raw.Length < 8) return false;
        lamportsPerSignature = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(raw);
        return true;
    }

    public ulong GetEpochTotalStake() => Context.Environment.EpochTotalStake;

    public ulong GetEpochVoteAccountStake(in Pubkey voteAccount) => Context.Environment.EpochVoteAccountStake(voteAccount);

    public BpfAllocator? Allocator =>
        Context.SyscallContext is { } syscallContext ? Allocators.GetValue(syscallContext, static c => new BpfAllocator(c.HeapSize)) : null;

    public IReadOnlyList<SerializedAccountMetadata>? AccountsMetadata => Context.SyscallContext?.AccountsMetadata;
}

/// <summary>Finds the <see cref="ISyscallHost"/> behind <see cref="VmContext.Host"/>.</summary>
public static class SyscallHosts
{
    [ThreadStatic] private static InvokeContextSyscallHost? _last;

    /// <summary>The host itself when it implements <see cref="ISyscallHost"/>; an adapter over an <see cref="InvokeContext"/>; else null.</summary>
    public static ISyscallHost? Get(VmContext vm)
    {
        switch (vm.Host)
        {
            case ISyscallHost host:
                return host;
            case InvokeContext context:
                var last = _last;
                if (last == null || !ReferenceEquals(last.Context, context)) _last = last = new InvokeContextSyscallHost(context);
                return last;
            default:
                return null;
        }
    }
}
