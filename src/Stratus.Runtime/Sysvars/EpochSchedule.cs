using System.Buffers.Binary;
using System.Numerics;

namespace Stratus.Runtime.Sysvars;

/// <summary>
/// The EpochSchedule sysvar (33 bytes of bincode: slots_per_epoch, leader_schedule_slot_offset, warmup bool,
/// first_normal_epoch, first_normal_slot) and its slot/epoch arithmetic (solana-epoch-schedule 2.2).
/// </summary>
public sealed record EpochSchedule(ulong SlotsPerEpoch, ulong LeaderScheduleSlotOffset, bool Warmup, ulong FirstNormalEpoch, ulong FirstNormalSlot)
{
    public const int SerializedSize = 33;
    public const ulong DefaultSlotsPerEpoch = 432_000;
    public const ulong MinimumSlotsPerEpoch = 32;

    public static EpochSchedule Default { get; } = Custom(DefaultSlotsPerEpoch, DefaultSlotsPerEpoch, true);

    public static EpochSchedule Custom(ulong slotsPerEpoch, ulong leaderScheduleSlotOffset, bool warmup)
    {
        if (slotsPerEpoch < MinimumSlotsPerEpoch) throw new ArgumentOutOfRangeException(nameof(slotsPerEpoch));
        ulong firstEpoch = 0, firstSlot = 0;
        if (warmup)
        {
            var pow2 = BitOperations.RoundUpToPowerOf2(slotsPerEpoch);
            firstEpoch = (ulong)Math.Max(0, BitOperations.TrailingZeroCount(pow2) - BitOperations.TrailingZeroCount(MinimumSlotsPerEpoch));
            firstSlot = pow2 - MinimumSlotsPerEpoch;
        }
        return new EpochSchedule(slotsPerEpoch, leaderScheduleSlotOffset, warmup, firstEpoch, firstSlot);
    }

    public ulong GetSlotsInEpoch(ulong epoch) =>
        epoch < FirstNormalEpoch ? SaturatingPow2(epoch + (ulong)BitOperations.TrailingZeroCount(MinimumSlotsPerEpoch)) : SlotsPerEpoch;

    public ulong GetEpoch(ulong slot) => GetEpochAndSlotIndex(slot).Epoch;

    public (ulong Epoch, ulong SlotIndex) GetEpochAndSlotIndex(ulong slot)
    {
        if (slot < FirstNormalSlot)
        {
            var next = BitOperations.RoundUpToPowerOf2(slot + MinimumSlotsPerEpoch + 1);
            var epoch = (ulong)Math.Max(0, BitOperations.TrailingZeroCount(next) - BitOperations.TrailingZeroCount(MinimumSlotsPerEpoch) - 1);
            var epochLength = SaturatingPow2(epoch + (ulong)BitOperations.TrailingZeroCount(MinimumSlotsPerEpoch));
            return (epoch, slot - (epochLength - MinimumSlotsPerEpoch));
        }
        var normalIndex = slot - FirstNormalSlot;
        return (FirstNormalEpoch + normalIndex / SlotsPerEpoch, normalIndex % SlotsPerEpoch);
    }

    private static ulong SaturatingPow2(ulong exponent) => exponent >= 64 ? ulong.MaxValue : 1UL << (int)exponent;

    public static bool TryRead(ReadOnlySpan<byte> data, out EpochSchedule schedule)
    {
        schedule = Default;
        if (data.Length < SerializedSize || data[16] > 1) return false;
        schedule = new EpochSchedule(
            BinaryPrimitives.ReadUInt64LittleEndian(data),
            BinaryPrimitives.ReadUInt64LittleEndian(data[8..]),
            data[16] == 1,
            BinaryPrimitives.ReadUInt64LittleEndian(data[17..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[25..]));
        return true;
    }

    public byte[] Serialize()
    {
        var b = new byte[SerializedSize];
        BinaryPrimitives.WriteUInt64LittleEndian(b, SlotsPerEpoch);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), LeaderScheduleSlotOffset);
        b[16] = Warmup ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(17), FirstNormalEpoch);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(25), FirstNormalSlot);
        return b;
    }
}
