using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

/// <summary>The sysvars with a typed getter syscall, and how each sits in guest memory.</summary>
public enum TypedSysvar : byte
{
    Clock,
    EpochSchedule,
    EpochRewards,
    Rent,
    LastRestartSlot,
    Fees,
}

/// <summary>
/// The typed sysvar getters (<c>sol_get_clock_sysvar</c>, <c>sol_get_epoch_schedule_sysvar</c>,
/// <c>sol_get_epoch_rewards_sysvar</c>, <c>sol_get_rent_sysvar</c>, <c>sol_get_last_restart_slot</c>,
/// <c>sol_get_fees_sysvar</c>): charge sysvar_base_cost + size_of::&lt;T&gt;(), translate a writable
/// T (with T's alignment), then fetch the sysvar from the cache (UnsupportedSysvar when it is missing
/// or its bincode does not deserialize) and store the Rust struct's in-memory layout (repr(C); padding
/// bytes written as zero).
/// </summary>
public sealed class SolGetTypedSysvar(TypedSysvar sysvar) : ISyscall
{
    public TypedSysvar Sysvar { get; } = sysvar;

    /// <summary>size_of::&lt;T&gt;() and align_of::&lt;T&gt;() of the Rust struct.</summary>
    public static (int Size, int Alignment) Layout(TypedSysvar sysvar) => sysvar switch
    {
        TypedSysvar.Clock => (40, 8),
        TypedSysvar.EpochSchedule => (40, 8),
        TypedSysvar.EpochRewards => (96, 16),
        TypedSysvar.Rent => (24, 8),
        _ => (8, 8),
    };

    public SyscallError? Invoke(VmContext vm, ulong varAddr, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var (size, alignment) = Layout(Sysvar);
        var error = vm.ConsumeChecked(SyscallCosts.SysvarBaseCost + (ulong)size);
        if (error != null) return error;
        error = GuestMemory.TranslateType(vm, AccessType.Store, varAddr, size, alignment, out var output);
        if (error != null) return error;
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        Span<byte> value = stackalloc byte[96];
        value = value[..size];
        value.Clear();
        if (!Read(host, Sysvar, value)) return SyscallFailures.Instruction(InstructionErrorKind.UnsupportedSysvar);
        value.CopyTo(output);
        return null;
    }

    /// <summary>Bincode (fixed-int, trailing bytes allowed, bools 0 or 1) into the repr(C) layout.</summary>
    private static bool Read(ISyscallHost host, TypedSysvar sysvar, Span<byte> value)
    {
        if (sysvar == TypedSysvar.Fees)
        {
            if (!host.TryGetFeesSysvar(out ulong lamportsPerSignature)) return false;
            BinaryPrimitives.WriteUInt64LittleEndian(value, lamportsPerSignature);
            return true;
        }
        var id = sysvar switch
        {
            TypedSysvar.Clock => SysvarIds.Clock,
            TypedSysvar.EpochSchedule => SysvarIds.EpochSchedule,
            TypedSysvar.EpochRewards => SysvarIds.EpochRewards,
            TypedSysvar.Rent => SysvarIds.Rent,
            _ => SysvarIds.LastRestartSlot,
        };
        if (!host.TryGetSysvarData(id, out var data)) return false;
        switch (sysvar)
        {
            case TypedSysvar.Clock:
                // slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp
                if (data.Length < 40) return false;
                data[..40].CopyTo(value);
                return true;
            case TypedSysvar.EpochSchedule:
                // slots_per_epoch, leader_schedule_slot_offset, warmup: bool, first_normal_epoch, first_normal_slot
                if (data.Length < 33 || data[16] > 1) return false;
                data[..17].CopyTo(value);
                data.Slice(17, 16).CopyTo(value[24..]);
                return true;
            case TypedSysvar.EpochRewards:
                // distribution_starting_block_height, num_partitions, parent_blockhash, total_points: u128,
                // total_rewards, distributed_rewards, active: bool; repr(C, align(16)) puts total_points at 48.
                if (data.Length < 81 || data[80] > 1) return false;
                data[..48].CopyTo(value);
                data.Slice(48, 33).CopyTo(value[48..]);
                return true;
            case TypedSysvar.Rent:
                // lamports_per_byte_year, exemption_threshold: f64, burn_percent: u8
                if (data.Length < 17) return false;
                data[..17].CopyTo(value);
                return true;
            default:
                if (data.Length < 8) return false;
                data[..8].CopyTo(value);
                return true;
        }
    }
}

/// <summary>
/// <c>sol_get_sysvar(sysvar_id, var, offset, length)</c>: charges sysvar_base_cost + 32 /
/// cpi_bytes_per_unit + max(length / cpi_bytes_per_unit, mem_op_base_cost), translates the id and the
/// writable buffer, fails with ArithmeticOverflow when offset + length or var + length overflows,
/// then returns 2 for a sysvar the cache does not hold, 1 when the range is outside its data, or 0
/// after copying.
/// </summary>
public sealed class SolGetSysvar : ISyscall
{
    public static readonly SolGetSysvar Instance = new();

    public const ulong SysvarNotFound = 2;
    public const ulong OffsetLengthExceedsSysvar = 1;

    public SyscallError? Invoke(VmContext vm, ulong sysvarIdAddr, ulong varAddr, ulong offset, ulong length, ulong a5, out ulong r0)
    {
        r0 = 0;
        ulong cost = SyscallCosts.SysvarBaseCost + 32 / SyscallCosts.CpiBytesPerUnit
            + Math.Max(length / SyscallCosts.CpiBytesPerUnit, SyscallCosts.MemOpBaseCost);
        var error = vm.ConsumeChecked(cost);
        if (error != null) return error;
        error = GuestMemory.TranslateType(vm, AccessType.Load, sysvarIdAddr, Pubkey.Length, 1, out var idBytes);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Store, varAddr, length, out var output);
        if (error != null) return error;
        if (offset > ulong.MaxValue - length || varAddr > ulong.MaxValue - length)
            return SyscallFailures.Instruction(InstructionErrorKind.ArithmeticOverflow);
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        if (!host.TryGetSysvarData(Pubkey.Read(idBytes), out var data))
        {
            r0 = SysvarNotFound;
            return null;
        }
        if (offset + length > (ulong)data.Length)
        {
            r0 = OffsetLengthExceedsSysvar;
            return null;
        }
        data.Slice((int)offset, (int)length).CopyTo(output);
        return null;
    }
}
