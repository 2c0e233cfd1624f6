using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Programs.AddressLookupTable;
using Stratus.Runtime.Sysvars;
using static Stratus.Runtime.Tests.BuiltinPrograms.AddressLookupTable.LookupTableStateTests;

namespace Stratus.Runtime.Tests.BuiltinPrograms.AddressLookupTable;

/// <summary>v0 address loading (the bank's <c>load_addresses</c>) through the shared lookup table reader.</summary>
public class AddressLoadingTests
{
    private static readonly Pubkey Payer = BuiltinHarness.Key(0x31);
    private static readonly Pubkey TableKey = BuiltinHarness.Key(0x32);
    private static readonly Pubkey[] Stored = Enumerable.Range(1, 4).Select(i => BuiltinHarness.Key((byte)i)).ToArray();

    private static Message V0(byte[] writable, byte[] @readonly) => Message.Create(MessageVersion.V0, new MessageHeader(1, 0, 0), [Payer], default,
        [], [new AddressTableLookupSpec(TableKey, writable, @readonly)]);

    private static AddressLoaderError? Load(Message message, IReadOnlyAccount? table, byte[]? slotHashes, out LoadedAddresses loaded, ulong slot = 100)
    {
        var sysvars = new SysvarCache();
        if (slotHashes != null) sysvars.Set(SysvarIds.SlotHashes, slotHashes);
        var env = new ProcessingEnvironment
        {
            Slot = slot,
            Features = FeatureSet.AllEnabled(ClusterProfile.Solana),
            Cluster = ClusterProfile.Solana,
            Sysvars = sysvars,
            GetAccount = key => key == TableKey ? table : null,
            LastBlockhash = default,
        };
        return AddressLookup.Load(message, env, out loaded);
    }

    private static Account TableAccount(LookupTableMeta meta) => new(1, Table(meta, Stored), ProgramIds.AddressLookupTable);

    [Fact]
    public void Resolves_writable_then_readonly()
    {
        var meta = LookupTableMeta.New(Payer);
        Assert.Null(Load(V0([3, 0], [1]), TableAccount(meta), SlotHashes(99), out var loaded));
        Assert.Equal(new[] { Stored[3], Stored[0] }, loaded.Writable);
        Assert.Equal(new[] { Stored[1] }, loaded.Readonly);
        Assert.Equal(AddressLoaderError.InvalidLookupIndex, Load(V0([4], []), TableAccount(meta), SlotHashes(99), out _));
    }

    [Fact]
    public void Table_checks_in_Agave_order()
    {
        var meta = LookupTableMeta.New(Payer);
        var message = V0([0], []);
        Assert.Equal(AddressLoaderError.SlotHashesSysvarNotFound, Load(message, TableAccount(meta), null, out _));
        Assert.Equal(AddressLoaderError.LookupTableAccountNotFound, Load(message, null, SlotHashes(99), out _));
        Assert.Equal(AddressLoaderError.InvalidAccountOwner, Load(message, new Account(1, Table(meta, Stored), ProgramIds.System), SlotHashes(99), out _));
        Assert.Equal(AddressLoaderError.InvalidAccountData, Load(message, new Account(1, new byte[56], ProgramIds.AddressLookupTable), SlotHashes(99), out _));
        Assert.Equal(AddressLoaderError.InvalidAccountData, Load(message, new Account(1, Table(meta, Stored)[..^1], ProgramIds.AddressLookupTable), SlotHashes(99), out _));
        // Deactivated and out of SlotHashes: reported as missing; still in SlotHashes: usable.
        Assert.Equal(AddressLoaderError.LookupTableAccountNotFound, Load(message, TableAccount(meta with { DeactivationSlot = 50 }), SlotHashes(99), out _));
        Assert.Null(Load(message, TableAccount(meta with { DeactivationSlot = 99 }), SlotHashes(99), out _));
    }

    [Fact]
    public void Addresses_extended_this_slot_are_not_loaded()
    {
        var meta = LookupTableMeta.New(Payer) with { LastExtendedSlot = 100, LastExtendedSlotStartIndex = 2 };
        Assert.Null(Load(V0([1], []), TableAccount(meta), SlotHashes(99), out _));
        Assert.Equal(AddressLoaderError.InvalidLookupIndex, Load(V0([2], []), TableAccount(meta), SlotHashes(99), out _));
        Assert.Null(Load(V0([2], []), TableAccount(meta), SlotHashes(100), out _, slot: 101));
        // A start index beyond the stored addresses is corrupt data.
        Assert.Equal(AddressLoaderError.InvalidAccountData,
            Load(V0([0], []), TableAccount(meta with { LastExtendedSlotStartIndex = 5 }), SlotHashes(99), out _));
    }
}
