using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Syscalls;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>An <see cref="ISyscallHost"/> over plain fields, for the context syscalls' tests.</summary>
internal sealed class FakeSyscallHost : ISyscallHost
{
    public sealed record TracedInstruction(ulong StackHeight, Pubkey ProgramId, byte[] Data, (Pubkey Key, bool Signer, bool Writable)[] Accounts);

    public ulong StackHeight { get; set; } = 1;
    public Pubkey ReturnProgramId { get; set; }
    public byte[] ReturnData { get; set; } = [];
    public Pubkey CurrentProgramId { get; set; } = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public InstructionError? SetReturnDataError { get; set; }
    public List<TracedInstruction> Trace { get; } = new();
    public Dictionary<Pubkey, byte[]> Sysvars { get; } = new();
    public ulong? FeesLamportsPerSignature { get; set; }
    public ulong EpochTotalStake { get; set; }
    public Dictionary<Pubkey, ulong> VoteStakes { get; } = new();
    public BpfAllocator? Allocator { get; set; } = new(32 * 1024);
    public IReadOnlyList<Stratus.Runtime.Serialization.SerializedAccountMetadata>? AccountsMetadata { get; set; } = [];

    public ReadOnlySpan<byte> GetReturnData(out Pubkey programId)
    {
        programId = ReturnProgramId;
        return ReturnData;
    }

    public InstructionError? SetReturnData(ReadOnlySpan<byte> data)
    {
        if (SetReturnDataError is { } e) return e;
        ReturnProgramId = CurrentProgramId;
        ReturnData = data.ToArray();
        return null;
    }

    public int InstructionTraceLength => Trace.Count;

    public InstructionError? GetTracedInstruction(int indexInTrace, out ulong stackHeight, out ReadOnlySpan<byte> data, out int accountCount)
    {
        var t = Trace[indexInTrace];
        stackHeight = t.StackHeight;
        data = t.Data;
        accountCount = t.Accounts.Length;
        return null;
    }

    public InstructionError? GetTracedInstructionProgramId(int indexInTrace, out Pubkey programId)
    {
        programId = Trace[indexInTrace].ProgramId;
        return null;
    }

    public InstructionError? GetTracedInstructionAccount(int indexInTrace, int instructionAccountIndex, out Pubkey key, out bool isSigner, out bool isWritable)
    {
        (key, isSigner, isWritable) = Trace[indexInTrace].Accounts[instructionAccountIndex];
        return null;
    }

    public bool TryGetSysvarData(in Pubkey sysvarId, out ReadOnlySpan<byte> data)
    {
        if (Sysvars.TryGetValue(sysvarId, out var bytes))
        {
            data = bytes;
            return true;
        }
        data = default;
        return false;
    }

    public bool TryGetFeesSysvar(out ulong lamportsPerSignature)
    {
        lamportsPerSignature = FeesLamportsPerSignature ?? 0;
        return FeesLamportsPerSignature.HasValue;
    }

    public ulong GetEpochTotalStake() => EpochTotalStake;

    public ulong GetEpochVoteAccountStake(in Pubkey voteAccount) => VoteStakes.TryGetValue(voteAccount, out var s) ? s : 0;
}
