using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;
using Stratus.Runtime.Syscalls;
using Stratus.Runtime.Sysvars;

namespace Stratus.Conformance.VmHarness;

/// <summary>
/// The invoke context the syscall harness gives a syscall: one top-level instruction (stack height 1,
/// trace length 1), the fixture's return data, a sysvar cache filled from the fixture's funded accounts
/// and then with the harness defaults (clock at slot 10, default epoch schedule and rent, last restart
/// slot 5000), no epoch stakes, and a heap allocator over heap_max bytes.
/// </summary>
internal sealed class FixtureSyscallHost : ISyscallHost
{
    private readonly HarnessInstruction _instruction;
    private readonly Dictionary<Pubkey, byte[]> _sysvars = new();
    private byte[] _returnData;
    private Pubkey _returnProgram;

    public FixtureSyscallHost(HarnessInstruction instruction, Pubkey returnProgram, byte[] returnData, ulong heapMax,
        IReadOnlyList<SerializedAccountMetadata> accounts)
    {
        _instruction = instruction;
        _returnProgram = returnProgram;
        _returnData = returnData;
        Allocator = new BpfAllocator(heapMax);
        AccountsMetadata = accounts;
        foreach (var (key, account) in instruction.Accounts)
        {
            if (account.Lamports == 0 || !SysvarData.IsBuffered(key) || _sysvars.ContainsKey(key)) continue;
            var data = account.Data.ToArray();
            if (SysvarData.Deserializes(key, data)) _sysvars[key] = data;
        }
        _sysvars.TryAdd(SysvarIds.Clock, DefaultClock());
        _sysvars.TryAdd(SysvarIds.EpochSchedule, EpochSchedule.Default.Serialize());
        _sysvars.TryAdd(SysvarIds.Rent, DefaultRent());
        var lastRestart = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lastRestart, 5000);
        _sysvars.TryAdd(SysvarIds.LastRestartSlot, lastRestart);
    }

    // Rent::default(): 3,480 lamports per byte-year, exemption threshold 2.0, burn 50 %.
    private static byte[] DefaultRent()
    {
        var rent = new byte[17];
        BinaryPrimitives.WriteUInt64LittleEndian(rent, 3480);
        BinaryPrimitives.WriteDoubleLittleEndian(rent.AsSpan(8), 2.0);
        rent[16] = 50;
        return rent;
    }

    private static byte[] DefaultClock()
    {
        var clock = new byte[40];
        BinaryPrimitives.WriteUInt64LittleEndian(clock, 10);
        return clock;
    }

    public ulong StackHeight => 1;

    public ReadOnlySpan<byte> GetReturnData(out Pubkey programId)
    {
        programId = _returnProgram;
        return _returnData;
    }

    public InstructionError? SetReturnData(ReadOnlySpan<byte> data)
    {
        _returnProgram = _instruction.ProgramId;
        _returnData = data.ToArray();
        return null;
    }

    public int InstructionTraceLength => 1;

    public InstructionError? GetTracedInstruction(int indexInTrace, out ulong stackHeight, out ReadOnlySpan<byte> data, out int accountCount)
    {
        stackHeight = 1;
        data = _instruction.Data;
        accountCount = _instruction.InstructionAccounts.Length;
        return null;
    }

    public InstructionError? GetTracedInstructionProgramId(int indexInTrace, out Pubkey programId)
    {
        programId = _instruction.ProgramId;
        return null;
    }

    public InstructionError? GetTracedInstructionAccount(int indexInTrace, int instructionAccountIndex, out Pubkey key, out bool isSigner, out bool isWritable)
    {
        key = default;
        isSigner = isWritable = false;
        if ((uint)instructionAccountIndex >= (uint)_instruction.InstructionAccounts.Length)
            return new InstructionError(InstructionErrorKind.NotEnoughAccountKeys);
        var a = _instruction.InstructionAccounts[instructionAccountIndex];
        key = _instruction.Accounts[a.IndexInTransaction].Key;
        isSigner = a.IsSigner;
        isWritable = a.IsWritable;
        return null;
    }

    public bool TryGetSysvarData(in Pubkey sysvarId, out ReadOnlySpan<byte> data)
    {
        if (_sysvars.TryGetValue(sysvarId, out var bytes))
        {
            data = bytes;
            return true;
        }
        data = default;
        return false;
    }

    public bool TryGetFeesSysvar(out ulong lamportsPerSignature)
    {
        lamportsPerSignature = 0;
        return false;
    }

    public ulong GetEpochTotalStake() => 0;

    public ulong GetEpochVoteAccountStake(in Pubkey voteAccount) => 0;

    public BpfAllocator? Allocator { get; }

    public IReadOnlyList<SerializedAccountMetadata>? AccountsMetadata { get; }
}
