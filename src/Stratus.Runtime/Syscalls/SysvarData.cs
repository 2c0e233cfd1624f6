using System.Buffers.Binary;
using Stratus.Core;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// Which sysvar account data Agave's <c>SysvarCache</c> keeps: it stores a sysvar's bytes only when
/// they bincode-deserialize as the sysvar's type (fixed-width integers, bools 0 or 1, vectors whose
/// u64 length the data can hold, trailing bytes allowed), and only for the seven sysvars of
/// <c>sysvar_id_to_buffer</c>.
/// </summary>
public static class SysvarData
{
    /// <summary>True for clock, epoch_schedule, epoch_rewards, rent, slot_hashes, stake_history, last_restart_slot.</summary>
    public static bool IsBuffered(in Pubkey id) =>
        id == SysvarIds.Clock || id == SysvarIds.EpochSchedule || id == SysvarIds.EpochRewards || id == SysvarIds.Rent
        || id == SysvarIds.SlotHashes || id == SysvarIds.StakeHistory || id == SysvarIds.LastRestartSlot;

    /// <summary>Whether <paramref name="data"/> deserializes as the type of sysvar <paramref name="id"/> (false for other ids).</summary>
    public static bool Deserializes(in Pubkey id, ReadOnlySpan<byte> data)
    {
        if (id == SysvarIds.Clock) return data.Length >= 40;
        if (id == SysvarIds.EpochSchedule) return data.Length >= 33 && data[16] <= 1;
        if (id == SysvarIds.EpochRewards) return data.Length >= 81 && data[80] <= 1;
        if (id == SysvarIds.Rent) return data.Length >= 17;
        if (id == SysvarIds.LastRestartSlot) return data.Length >= 8;
        if (id == SysvarIds.SlotHashes) return VectorFits(data, 40); // (slot, hash)
        if (id == SysvarIds.StakeHistory) return VectorFits(data, 32); // (epoch, effective, activating, deactivating)
        return false;
    }

    private static bool VectorFits(ReadOnlySpan<byte> data, ulong entrySize)
    {
        if (data.Length < 8) return false;
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(data);
        return count <= (ulong)(data.Length - 8) / entrySize;
    }
}
