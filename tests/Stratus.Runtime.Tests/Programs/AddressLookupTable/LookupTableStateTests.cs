using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.AddressLookupTable;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.BuiltinPrograms.AddressLookupTable;

public class LookupTableStateTests
{
    private static readonly Pubkey Authority = BuiltinHarness.Key(0x11);

    internal static byte[] Table(LookupTableMeta meta, params Pubkey[] addresses)
    {
        var data = new byte[LookupTableState.MetaSize + addresses.Length * 32];
        Assert.Null(LookupTableState.OverwriteMeta(data, meta));
        for (var i = 0; i < addresses.Length; i++) addresses[i].CopyTo(data.AsSpan(LookupTableState.MetaSize + 32 * i));
        return data;
    }

    internal static byte[] SlotHashes(params ulong[] slots)
    {
        var data = new byte[8 + 40 * slots.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(data, (ulong)slots.Length);
        for (var i = 0; i < slots.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8 + 40 * i), slots[i]);
        return data;
    }

    [Fact]
    public void Layout_matches_bincode_of_ProgramState()
    {
        var meta = new LookupTableMeta(ulong.MaxValue, 5, 3, Authority, 0);
        var data = Table(meta);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(data));
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(4)));
        Assert.Equal(5ul, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(12)));
        Assert.Equal(3, data[20]);
        Assert.Equal(1, data[21]);
        Assert.Equal(Authority, Pubkey.Read(data.AsSpan(22)));
        Assert.Equal(56, LookupTableState.Serialize(meta).Length);
        // Frozen: the option is None, so the padding follows at offset 22 and the rest stays zero.
        Assert.Equal(24, LookupTableState.Serialize(meta with { Authority = null }).Length);
    }

    [Fact]
    public void Round_trips_with_and_without_authority()
    {
        var addresses = Enumerable.Range(1, 5).Select(i => BuiltinHarness.Key((byte)i)).ToArray();
        foreach (var meta in new[] { LookupTableMeta.New(Authority), new LookupTableMeta(77, 9, 2, null, 0), new LookupTableMeta(1, 2, 255, Authority, 0xBEEF) })
        {
            var data = Table(meta, addresses);
            Assert.Null(LookupTableState.Read(data, out var read, out var stored));
            Assert.Equal(meta, read);
            Assert.Equal(addresses, stored.ToArray());
        }
    }

    [Fact]
    public void Overwrite_zeroes_stale_metadata_bytes()
    {
        var data = Table(LookupTableMeta.New(Authority), Authority);
        Assert.Null(LookupTableState.OverwriteMeta(data, LookupTableMeta.New(Authority) with { Authority = null }));
        Assert.All(data.AsSpan(24, 32).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(Authority, Pubkey.Read(data.AsSpan(56)));
        Assert.Equal(InstructionErrorKind.InvalidAccountData, LookupTableState.OverwriteMeta(new byte[55], default)!.Value.Kind);
    }

    [Fact]
    public void Malformed_state_gives_Agave_errors()
    {
        InstructionErrorKind? Kind(byte[] data) => LookupTableState.Read(data, out _, out _)?.Kind;

        Assert.Equal(InstructionErrorKind.InvalidAccountData, Kind([]));
        Assert.Equal(InstructionErrorKind.InvalidAccountData, Kind([0, 0, 0]));
        // Uninitialized is reported before any length check.
        Assert.Equal(InstructionErrorKind.UninitializedAccount, Kind([0, 0, 0, 0]));
        Assert.Equal(InstructionErrorKind.UninitializedAccount, Kind(new byte[56]));
        Assert.Equal(InstructionErrorKind.InvalidAccountData, Kind([2, 0, 0, 0, .. new byte[52]]));

        var good = Table(LookupTableMeta.New(Authority), Authority);
        var badOption = (byte[])good.Clone();
        badOption[21] = 2;
        Assert.Equal(InstructionErrorKind.InvalidAccountData, Kind(badOption));
        // Addresses must come in whole 32-byte units after 56 bytes of metadata.
        Assert.Equal(InstructionErrorKind.InvalidAccountData, Kind(good[..^1]));
        Assert.Null(Kind(good[..56]));
        // A frozen table decodes from its 24 encoded bytes but the data must still reach 56.
        var frozen = Table(new LookupTableMeta(ulong.MaxValue, 0, 0, null, 0));
        Assert.Equal(InstructionErrorKind.InvalidAccountData, Kind(frozen[..30]));
        for (var n = 0; n < good.Length; n++)
            if (n != 56) Assert.NotNull(Kind(good[..n]));
    }

    [Fact]
    public void Mutated_state_never_throws()
    {
        var data = Table(LookupTableMeta.New(Authority), Authority, Authority);
        var rng = new Random(3);
        for (var i = 0; i < 3000; i++)
        {
            var copy = (byte[])data.Clone();
            copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
            var error = LookupTableState.Read(copy.AsSpan(0, rng.Next(copy.Length + 1)), out _, out var addresses);
            if (error != null) Assert.True(addresses.IsEmpty);
        }
    }

    [Fact]
    public void Status_follows_slot_hashes()
    {
        var raw = SlotHashes(99, 98, 97, 95, 90);
        Assert.True(RecentSlots.TryRead(raw, out var slots));
        Assert.Equal(3, slots.Position(95));
        Assert.Equal(-1, slots.Position(96));
        Assert.Equal(-1, slots.Position(100));
        var meta = LookupTableMeta.New(Authority);
        Assert.Equal(LookupTableStatus.Activated, meta.Status(100, slots));
        Assert.Equal(LookupTableStatus.Deactivating(513), (meta with { DeactivationSlot = 100 }).Status(100, slots));
        Assert.Equal(LookupTableStatus.Deactivating(509), (meta with { DeactivationSlot = 95 }).Status(100, slots));
        Assert.Equal(LookupTableStatus.Deactivated, (meta with { DeactivationSlot = 50 }).Status(100, slots));
        Assert.False((meta with { DeactivationSlot = 50 }).IsActive(100, slots));
        Assert.True((meta with { DeactivationSlot = 90 }).IsActive(100, slots));
    }

    /// <summary>A mainnet SlotHashes account (Firedancer's test sysvar): 512 descending slots, each found where it sits.</summary>
    [SharedFact("misc/firedancer-sysvars/test_sysvar_slot_hashes.bin")]
    public void Real_slot_hashes_are_searched_in_place()
    {
        var raw = File.ReadAllBytes(SharedData.Require("misc/firedancer-sysvars/test_sysvar_slot_hashes.bin"));
        Assert.True(RecentSlots.TryRead(raw, out var slots));
        Assert.Equal(RecentSlots.MaxEntries, slots.Count);
        for (var i = 0; i < slots.Count; i++) Assert.Equal(i, slots.Position(slots.SlotAt(i)));
        Assert.Equal(-1, slots.Position(slots.SlotAt(0) + 1));
        Assert.Equal(-1, slots.Position(slots.SlotAt(slots.Count - 1) - 1));
        var oldest = new LookupTableMeta(slots.SlotAt(slots.Count - 1), 0, 0, Authority, 0);
        Assert.Equal(LookupTableStatus.Deactivating(1), oldest.Status(slots.SlotAt(0) + 1, slots));
        Assert.Equal(LookupTableStatus.Deactivated, (oldest with { DeactivationSlot = oldest.DeactivationSlot - 1 }).Status(slots.SlotAt(0) + 1, slots));
    }

    [Fact]
    public void Slot_hashes_must_hold_their_count()
    {
        Assert.False(RecentSlots.TryRead([1, 0, 0], out _));
        var raw = SlotHashes(5, 4);
        Assert.False(RecentSlots.TryRead(raw[..^1], out _));
        // Trailing bytes are allowed, as the sysvar account is larger than its entries.
        Assert.True(RecentSlots.TryRead([.. raw, .. new byte[100]], out var slots));
        Assert.Equal(2, slots.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(raw, ulong.MaxValue);
        Assert.False(RecentSlots.TryRead(raw, out _));
    }

    [Fact]
    public void Addresses_extended_in_the_current_slot_stay_hidden()
    {
        Assert.True(RecentSlots.TryRead(SlotHashes(9), out var slots));
        var meta = new LookupTableMeta(ulong.MaxValue, 10, 2, Authority, 0);
        Assert.Null(LookupTableState.ActiveAddressCount(meta, 5, 10, slots, out var active));
        Assert.Equal(2, active);
        Assert.Null(LookupTableState.ActiveAddressCount(meta, 5, 11, slots, out active));
        Assert.Equal(5, active);
        // A start index past the stored addresses is corrupt data, not a shorter table.
        Assert.Equal(AddressLoaderError.InvalidAccountData, LookupTableState.ActiveAddressCount(meta with { LastExtendedSlotStartIndex = 6 }, 5, 10, slots, out _));
        Assert.Equal(AddressLoaderError.LookupTableAccountNotFound, LookupTableState.ActiveAddressCount(meta with { DeactivationSlot = 3 }, 5, 11, slots, out _));
    }

    [Fact]
    public void Instruction_decoding()
    {
        byte[] Ix(uint tag, params byte[] rest) => [.. BitConverter.GetBytes(tag), .. rest];

        Assert.True(LookupTableInstruction.TryDecode(Ix(0, [.. BitConverter.GetBytes(95ul), 254]), out var create));
        Assert.Equal((LookupTableInstructionKind.CreateLookupTable, 95ul, (byte)254), (create.Kind, create.RecentSlot, create.BumpSeed));
        Assert.False(LookupTableInstruction.TryDecode(Ix(0, new byte[8]), out _));
        Assert.True(LookupTableInstruction.TryDecode(Ix(1, 9, 9), out var freeze));
        Assert.Equal(LookupTableInstructionKind.FreezeLookupTable, freeze.Kind);
        Assert.False(LookupTableInstruction.TryDecode(Ix(5), out _));
        Assert.False(LookupTableInstruction.TryDecode([0, 0, 0], out _));

        var two = Ix(2, [.. BitConverter.GetBytes(2ul), .. Authority.AsSpan(), .. BuiltinHarness.Key(3).AsSpan()]);
        Assert.True(LookupTableInstruction.TryDecode(two, out var extend));
        Assert.Equal(new[] { Authority, BuiltinHarness.Key(3) }, extend.NewAddresses.ToArray());
        Assert.False(LookupTableInstruction.TryDecode(two[..^1], out _));
        var huge = (byte[])two.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(huge.AsSpan(4), ulong.MaxValue);
        Assert.False(LookupTableInstruction.TryDecode(huge, out _));
        // limited_deserialize reads at most 1,232 bytes: 38 addresses (1,228 bytes) fit, 39 do not.
        byte[] Extend(int n) => Ix(2, [.. BitConverter.GetBytes((ulong)n), .. new byte[32 * n]]);
        Assert.True(LookupTableInstruction.TryDecode(Extend(38), out _));
        Assert.False(LookupTableInstruction.TryDecode(Extend(39), out _));
    }
}
