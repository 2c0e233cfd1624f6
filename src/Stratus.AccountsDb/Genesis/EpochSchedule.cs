using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>
/// How slots map to epochs (<c>solana_epoch_schedule::EpochSchedule</c>, also the EpochSchedule sysvar, 33 bytes).
/// With warmup, epoch e &lt; first_normal_epoch is 32·2^e slots long.
/// </summary>
public sealed record EpochSchedule(
    ulong SlotsPerEpoch,
    ulong LeaderScheduleSlotOffset,
    bool Warmup,
    ulong FirstNormalEpoch,
    ulong FirstNormalSlot)
{
    public const int SerializedSize = 33;
    public const ulong MinimumSlotsPerEpoch = 32;
    private const int MinimumSlotsLog2 = 5;

    internal static EpochSchedule Read(ref FieldReader r, string context) => new(
        r.U64(context, "slots_per_epoch"),
        r.U64(context, "leader_schedule_slot_offset"),
        r.Bool(context, "warmup"),
        r.U64(context, "first_normal_epoch"),
        r.U64(context, "first_normal_slot"));

    internal void Write(BincodeWriter w)
    {
        w.WriteU64(SlotsPerEpoch);
        w.WriteU64(LeaderScheduleSlotOffset);
        w.WriteBool(Warmup);
        w.WriteU64(FirstNormalEpoch);
        w.WriteU64(FirstNormalSlot);
    }

    public ulong GetEpoch(ulong slot) => GetEpochAndSlotIndex(slot).Epoch;

    public (ulong Epoch, ulong SlotIndex) GetEpochAndSlotIndex(ulong slot)
    {
        if (slot < FirstNormalSlot)
        {
            // Warmup epochs double in length: epoch e covers [32·(2^e − 1), 32·(2^(e+1) − 1)). UInt128 keeps a
            // bogus first_normal_slot near u64::MAX from wrapping.
            var v = (UInt128)slot + MinimumSlotsPerEpoch + 1;
            var log2Ceiling = 128 - (int)UInt128.LeadingZeroCount(v - 1);
            var epoch = (ulong)(log2Ceiling - MinimumSlotsLog2 - 1);
            var firstSlot = (((UInt128)1 << (int)epoch) - 1) * MinimumSlotsPerEpoch;
            return (epoch, (ulong)((UInt128)slot - firstSlot));
        }
        RequireSlotsPerEpoch();
        var normalIndex = slot - FirstNormalSlot;
        return (FirstNormalEpoch + normalIndex / SlotsPerEpoch, normalIndex % SlotsPerEpoch);
    }

    public ulong GetSlotsInEpoch(ulong epoch)
        => epoch < FirstNormalEpoch ? 1UL << (int)Math.Min(epoch + MinimumSlotsLog2, 63) : SlotsPerEpoch;

    public ulong GetFirstSlotInEpoch(ulong epoch)
        => epoch <= FirstNormalEpoch
            ? ((1UL << (int)Math.Min(epoch, 58)) - 1) * MinimumSlotsPerEpoch
            : (epoch - FirstNormalEpoch) * SlotsPerEpoch + FirstNormalSlot;

    public ulong GetLastSlotInEpoch(ulong epoch) => GetFirstSlotInEpoch(epoch) + GetSlotsInEpoch(epoch) - 1;

    private void RequireSlotsPerEpoch()
    {
        if (SlotsPerEpoch == 0) throw new InvalidOperationException("epoch schedule has slots_per_epoch = 0");
    }
}
