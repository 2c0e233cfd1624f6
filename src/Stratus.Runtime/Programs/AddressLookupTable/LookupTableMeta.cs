using Stratus.Core;

namespace Stratus.Runtime.Programs.AddressLookupTable;

/// <summary>
/// The metadata at the head of a lookup table account (solana-address-lookup-table-interface 2.2
/// <c>LookupTableMeta</c>). Bincode lays it out after ProgramState's u32 tag: deactivation slot, last extended
/// slot, the start index of that slot's extension, an optional authority (1-byte tag + key) and a u16 of
/// padding, so without an authority the padding sits at offset 22 rather than 54.
/// </summary>
public readonly record struct LookupTableMeta(
    ulong DeactivationSlot,
    ulong LastExtendedSlot,
    byte LastExtendedSlotStartIndex,
    Pubkey? Authority,
    ushort Padding)
{
    /// <summary>A fresh table: active (deactivation slot u64::MAX), never extended.</summary>
    public static LookupTableMeta New(in Pubkey authority) => new(ulong.MaxValue, 0, 0, authority, 0);

    public bool IsFrozen => Authority == null;

    /// <summary>
    /// Activation status at <paramref name="currentSlot"/>. A table deactivated in this slot counts as
    /// deactivating for one more block than SlotHashes holds; one whose deactivation slot is still in
    /// SlotHashes waits until that entry ages out.
    /// </summary>
    public LookupTableStatus Status(ulong currentSlot, in RecentSlots slotHashes)
    {
        if (DeactivationSlot == ulong.MaxValue) return LookupTableStatus.Activated;
        if (DeactivationSlot == currentSlot) return LookupTableStatus.Deactivating(RecentSlots.MaxEntries + 1);
        var position = slotHashes.Position(DeactivationSlot);
        return position >= 0
            ? LookupTableStatus.Deactivating(Math.Max(0, RecentSlots.MaxEntries - position))
            : LookupTableStatus.Deactivated;
    }

    /// <summary>Usable for address lookups: activated or still deactivating.</summary>
    public bool IsActive(ulong currentSlot, in RecentSlots slotHashes) =>
        Status(currentSlot, slotHashes).Kind != LookupTableStatusKind.Deactivated;
}

public enum LookupTableStatusKind : byte
{
    Activated,
    Deactivating,
    Deactivated,
}

/// <summary>Agave's <c>LookupTableStatus</c>; <see cref="RemainingBlocks"/> only means something while deactivating.</summary>
public readonly record struct LookupTableStatus(LookupTableStatusKind Kind, int RemainingBlocks)
{
    public static LookupTableStatus Activated => new(LookupTableStatusKind.Activated, 0);

    public static LookupTableStatus Deactivated => new(LookupTableStatusKind.Deactivated, 0);

    public static LookupTableStatus Deactivating(int remainingBlocks) => new(LookupTableStatusKind.Deactivating, remainingBlocks);
}
