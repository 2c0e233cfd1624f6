using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

/// <summary><c>sol_get_stack_height</c>: charges syscall_base_cost and returns the instruction stack height.</summary>
public sealed class SolGetStackHeight : ISyscall
{
    public static readonly SolGetStackHeight Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost);
        if (error != null) return error;
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        r0 = host.StackHeight;
        return null;
    }
}

/// <summary>
/// <c>sol_set_return_data(addr, len)</c>: charges len / cpi_bytes_per_unit + syscall_base_cost, fails
/// with ReturnDataTooLarge above 1,024 bytes, translates the data (nothing for len 0) and stores it
/// under the current program's id.
/// </summary>
public sealed class SolSetReturnData : ISyscall
{
    public static readonly SolSetReturnData Instance = new();

    /// <summary>solana-cpi MAX_RETURN_DATA.</summary>
    public const ulong MaxReturnData = 1024;

    public SyscallError? Invoke(VmContext vm, ulong addr, ulong len, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        ulong cost = len / SyscallCosts.CpiBytesPerUnit;
        cost = cost > ulong.MaxValue - SyscallCosts.SyscallBaseCost ? ulong.MaxValue : cost + SyscallCosts.SyscallBaseCost;
        var error = vm.ConsumeChecked(cost);
        if (error != null) return error;
        if (len > MaxReturnData) return SyscallFailures.ReturnDataTooLarge(len, MaxReturnData);
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, addr, len, out var data);
        if (error != null) return error;
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        var failure = host.SetReturnData(data);
        return failure is { } f ? SyscallFailures.Instruction(f) : null;
    }
}

/// <summary>
/// <c>sol_get_return_data(data, length, program_id)</c>: charges syscall_base_cost; when
/// min(length, return data length) is not 0, charges (n + 32) / cpi_bytes_per_unit, copies n bytes,
/// translates the program id, refuses an id that overlaps the data (CopyOverlapping) and writes it.
/// Returns the full return-data length.
/// </summary>
public sealed class SolGetReturnData : ISyscall
{
    public static readonly SolGetReturnData Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong dataAddr, ulong length, ulong programIdAddr, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost);
        if (error != null) return error;
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        var returnData = host.GetReturnData(out var programId);
        ulong n = Math.Min(length, (ulong)returnData.Length);
        if (n != 0)
        {
            error = vm.ConsumeChecked((n + Pubkey.Length) / SyscallCosts.CpiBytesPerUnit);
            if (error != null) return error;
            error = GuestMemory.TranslateBytes(vm, AccessType.Store, dataAddr, n, out var to);
            if (error != null) return error;
            returnData[..(int)n].CopyTo(to);
            error = GuestMemory.TranslateType(vm, AccessType.Store, programIdAddr, Pubkey.Length, 1, out var id);
            if (error != null) return error;
            if (!GuestMemory.HostNonOverlapping(to, id)) return SyscallFailures.CopyOverlapping;
            programId.CopyTo(id);
        }
        r0 = (ulong)returnData.Length;
        return null;
    }
}

/// <summary>
/// <c>sol_get_processed_sibling_instruction(index, meta, program_id, data, accounts)</c>: charges
/// syscall_base_cost and walks the instruction trace backwards at the current stack height (stopping
/// at a shallower one) for the index-th earlier sibling. When found: if the caller's
/// ProcessedSiblingInstruction {data_len, accounts_len} matches the sibling exactly, translates the
/// program id, data and AccountMeta (34 bytes each) buffers, refuses any overlap among the four, and
/// fills them; in every found case it writes back the real lengths and returns 1. Not found: 0.
/// </summary>
public sealed class SolGetProcessedSiblingInstruction : ISyscall
{
    public static readonly SolGetProcessedSiblingInstruction Instance = new();

    private const int MetaSize = 16;
    private const int AccountMetaSize = 34;

    public SyscallError? Invoke(VmContext vm, ulong index, ulong metaAddr, ulong programIdAddr, ulong dataAddr, ulong accountsAddr, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost);
        if (error != null) return error;
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;

        ulong stackHeight = host.StackHeight;
        ulong wanted = index == ulong.MaxValue ? ulong.MaxValue : index + 1;
        ulong seen = 0;
        int found = -1;
        for (int i = host.InstructionTraceLength - 1; i >= 0; i--)
        {
            var failure = host.GetTracedInstruction(i, out ulong height, out _, out _);
            if (failure is { } f) return SyscallFailures.Instruction(f);
            if (height < stackHeight) break;
            if (height == stackHeight)
            {
                if (wanted == seen)
                {
                    found = i;
                    break;
                }
                seen++;
            }
        }
        if (found < 0) return null;

        var traced = host.GetTracedInstruction(found, out _, out var data, out int accountCount);
        if (traced is { } t) return SyscallFailures.Instruction(t);
        error = GuestMemory.TranslateType(vm, AccessType.Store, metaAddr, MetaSize, 8, out var meta);
        if (error != null) return error;
        ulong dataLen = BinaryPrimitives.ReadUInt64LittleEndian(meta);
        ulong accountsLen = BinaryPrimitives.ReadUInt64LittleEndian(meta[8..]);
        if (dataLen == (ulong)data.Length && accountsLen == (ulong)accountCount)
        {
            error = GuestMemory.TranslateType(vm, AccessType.Store, programIdAddr, Pubkey.Length, 1, out var programIdOut);
            if (error != null) return error;
            error = GuestMemory.TranslateBytes(vm, AccessType.Store, dataAddr, dataLen, out var dataOut);
            if (error != null) return error;
            error = GuestMemory.TranslateSlice(vm, AccessType.Store, accountsAddr, accountsLen, AccountMetaSize, 1, out var accountsOut);
            if (error != null) return error;
            if (!GuestMemory.HostNonOverlapping(meta, programIdOut)
                || !GuestMemory.HostNonOverlapping(meta, accountsOut)
                || !GuestMemory.HostNonOverlapping(meta, dataOut)
                || !GuestMemory.HostNonOverlapping(programIdOut, dataOut)
                || !GuestMemory.HostNonOverlapping(programIdOut, accountsOut)
                || !GuestMemory.HostNonOverlapping(dataOut, accountsOut))
                return SyscallFailures.CopyOverlapping;

            var failure = host.GetTracedInstructionProgramId(found, out var programId);
            if (failure is { } f) return SyscallFailures.Instruction(f);
            programId.CopyTo(programIdOut);
            data.CopyTo(dataOut);
            for (int a = 0; a < accountCount; a++)
            {
                failure = host.GetTracedInstructionAccount(found, a, out var key, out bool isSigner, out bool isWritable);
                if (failure is { } af) return SyscallFailures.Instruction(af);
                var entry = accountsOut.Slice(a * AccountMetaSize, AccountMetaSize);
                key.CopyTo(entry);
                entry[32] = isSigner ? (byte)1 : (byte)0;
                entry[33] = isWritable ? (byte)1 : (byte)0;
            }
        }
        BinaryPrimitives.WriteUInt64LittleEndian(meta, (ulong)data.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(meta[8..], (ulong)accountCount);
        r0 = 1;
        return null;
    }
}

/// <summary>
/// <c>sol_get_epoch_stake(vote_address)</c> (SIMD-0133): a null address charges syscall_base_cost and
/// returns the epoch's total stake; otherwise charges syscall_base_cost + 32 / cpi_bytes_per_unit +
/// mem_op_base_cost, translates the 32-byte address and returns that vote account's stake.
/// </summary>
public sealed class SolGetEpochStake : ISyscall
{
    public static readonly SolGetEpochStake Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong voteAddr, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        if (voteAddr == 0)
        {
            var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost);
            if (error != null) return error;
            if (vm.Host is not ISyscallHost totalHost) return SyscallFailures.NoHost;
            r0 = totalHost.GetEpochTotalStake();
            return null;
        }
        var e = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost + Pubkey.Length / SyscallCosts.CpiBytesPerUnit + SyscallCosts.MemOpBaseCost);
        if (e != null) return e;
        e = GuestMemory.TranslateType(vm, AccessType.Load, voteAddr, Pubkey.Length, 1, out var key);
        if (e != null) return e;
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        r0 = host.GetEpochVoteAccountStake(Pubkey.Read(key));
        return null;
    }
}
