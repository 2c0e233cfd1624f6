using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.AddressLookupTable;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Syscalls;
using Stratus.Runtime.Sysvars;
using static Stratus.Runtime.Tests.BuiltinPrograms.AddressLookupTable.LookupTableStateTests;
using static Stratus.Runtime.Tests.BuiltinPrograms.BuiltinHarness;

namespace Stratus.Runtime.Tests.BuiltinPrograms.AddressLookupTable;

/// <summary>The lookup table program's instructions, following Agave's address-lookup-table-tests.</summary>
public class AddressLookupTableProgramTests
{
    private static readonly Pubkey Authority = Key(0x21);
    private static readonly Pubkey Payer = Key(0x22);
    private static readonly Pubkey Recipient = Key(0x23);
    private static readonly Pubkey TableKey = Key(0x24);
    private static readonly Account SystemProgramAccount = new(1, [], ProgramIds.NativeLoader, executable: true);
    private static readonly Clock At100 = Clock.Default with { Slot = 100 };
    private static readonly byte[] RecentHashes = SlotHashes(99, 98, 97, 95, 90);

    private static byte[] Ix(uint tag, params byte[] rest) => [.. BitConverter.GetBytes(tag), .. rest];

    private static byte[] CreateIx(ulong slot, byte bump) => Ix(0, [.. BitConverter.GetBytes(slot), bump]);

    private static byte[] ExtendIx(params Pubkey[] addresses) =>
        Ix(2, [.. BitConverter.GetBytes((ulong)addresses.Length), .. addresses.SelectMany(a => a.AsSpan().ToArray())]);

    private static (Pubkey Table, byte Bump) Derive(ulong slot)
    {
        var slotSeed = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(slotSeed, slot);
        Assert.True(ProgramAddress.TryFind([Authority.AsSpan().ToArray(), slotSeed], ProgramIds.AddressLookupTable, out var table, out var bump));
        return (table, bump);
    }

    private static Account TableAccount(LookupTableMeta meta, ulong lamports, params Pubkey[] addresses) =>
        new(lamports, Table(meta, addresses), ProgramIds.AddressLookupTable);

    private static Outcome Run(byte[] data, Dictionary<Pubkey, Account> accounts, Meta[] metas, Rent? rent = null, Clock? clock = null) =>
        BuiltinHarness.Run(ProgramIds.AddressLookupTable, data, accounts, metas, clock ?? At100, rent, RecentHashes);

    private static void AssertFails(InstructionErrorKind kind, Outcome outcome, string? log = null)
    {
        Assert.Equal(kind, outcome.Error?.Kind);
        if (log != null) Assert.Contains(log, outcome.Logs);
    }

    private static LookupTableMeta MetaOf(Account account)
    {
        Assert.Null(LookupTableState.Read(account.Data, out var meta, out _));
        return meta;
    }

    [Fact]
    public void Create_funds_allocates_and_assigns_through_the_system_program()
    {
        var (table, bump) = Derive(95);
        var accounts = new Dictionary<Pubkey, Account> { [Payer] = new(10_000_000, [], ProgramIds.System), [ProgramIds.System] = SystemProgramAccount };
        // The authority need not sign.
        Meta[] metas = [new(table, false, true), new(Authority, false), new(Payer, true, true), new(ProgramIds.System, false)];
        var outcome = Run(CreateIx(95, bump), accounts, metas, Rent.Default);
        Assert.Null(outcome.Error);
        var created = outcome.Accounts[table];
        Assert.Equal(ProgramIds.AddressLookupTable, created.Owner);
        Assert.Equal(Rent.Default.MinimumBalance(56), created.Lamports);
        Assert.Equal(LookupTableMeta.New(Authority), MetaOf(created));
        // 750 for the program plus three 150-unit System instructions.
        Assert.Equal(1200ul, outcome.UnitsConsumed);
        Assert.Equal(4, outcome.TraceLength);

        // A table the program already owns is left as it is.
        accounts[table] = created;
        var again = Run(CreateIx(95, bump), accounts, metas, Rent.Default);
        Assert.Null(again.Error);
        Assert.Equal(750ul, again.UnitsConsumed);
    }

    [Fact]
    public void Create_error_order()
    {
        var (table, bump) = Derive(95);
        var accounts = new Dictionary<Pubkey, Account> { [Payer] = new(10_000_000, [], ProgramIds.System), [ProgramIds.System] = SystemProgramAccount };
        Meta[] metas = [new(table, false, true), new(Authority, false), new(Payer, true, true), new(ProgramIds.System, false)];
        AssertFails(InstructionErrorKind.InvalidInstructionData, Run([0, 0, 0, 0, 1], accounts, metas));
        AssertFails(InstructionErrorKind.NotEnoughAccountKeys, Run(CreateIx(95, bump), accounts, metas[..2]));
        AssertFails(InstructionErrorKind.MissingRequiredSignature, Run(CreateIx(95, bump), accounts, [metas[0], metas[1], new(Payer, false, true), metas[3]]),
            "Payer account must be a signer");
        AssertFails(InstructionErrorKind.InvalidInstructionData, Run(CreateIx(100, bump), accounts, metas), "100 is not a recent slot");
        // The sysvar is read only after the payer check.
        AssertFails(InstructionErrorKind.UnsupportedSysvar,
            BuiltinHarness.Run(ProgramIds.AddressLookupTable, CreateIx(95, bump), accounts, metas, At100, null, null));
        var (otherTable, otherBump) = Derive(97);
        AssertFails(InstructionErrorKind.InvalidArgument, Run(CreateIx(97, otherBump), accounts, metas),
            $"Table address must match derived address: {otherTable}");
        // A bump that lands on the curve is solana-pubkey's InvalidSeeds, surfacing as Custom(1).
        var onCurve = Enumerable.Range(0, 256).Select(b => (byte)b).First(b =>
            ProgramAddress.TryCreate([Authority.AsSpan().ToArray(), BitConverter.GetBytes(95ul), [b]], ProgramIds.AddressLookupTable, out _) != null);
        var custom = Run(CreateIx(95, onCurve), accounts, metas).Error;
        Assert.Equal(InstructionError.FromCustom(1), custom);
        // Without the System program in the transaction the native invoke cannot find it.
        var noSystem = new Dictionary<Pubkey, Account> { [Payer] = accounts[Payer] };
        AssertFails(InstructionErrorKind.MissingAccount, Run(CreateIx(95, bump), noSystem, metas[..3], Rent.Default), $"Unknown program {ProgramIds.System}");
        // A read-only table cannot be passed on as writable.
        AssertFails(InstructionErrorKind.PrivilegeEscalation, Run(CreateIx(95, bump), accounts, [new(table, false, false), .. metas[1..]], Rent.Default));
    }

    private static Dictionary<Pubkey, Account> WithTable(Account table) => new()
    {
        [TableKey] = table,
        [Payer] = new(10_000_000, [], ProgramIds.System),
        [ProgramIds.System] = SystemProgramAccount,
    };

    private static readonly Meta[] AuthorityMetas = [new(TableKey, false, true), new(Authority, true)];

    [Fact]
    public void Freeze()
    {
        var meta = LookupTableMeta.New(Authority);
        var outcome = Run(Ix(1), WithTable(TableAccount(meta, 1, Payer)), AuthorityMetas);
        Assert.Null(outcome.Error);
        Assert.Equal(meta with { Authority = null }, MetaOf(outcome.Accounts[TableKey]));
        Assert.Equal(56 + 32, outcome.Accounts[TableKey].DataLength);

        AssertFails(InstructionErrorKind.InvalidInstructionData, Run(Ix(1), WithTable(TableAccount(meta, 1)), AuthorityMetas), "Empty lookup tables cannot be frozen");
        AssertFails(InstructionErrorKind.Immutable, Run(Ix(1), WithTable(TableAccount(meta with { Authority = null }, 1, Payer)), AuthorityMetas), "Lookup table is already frozen");
        AssertFails(InstructionErrorKind.IncorrectAuthority, Run(Ix(1), WithTable(TableAccount(meta with { Authority = Payer }, 1, Payer)), AuthorityMetas));
        AssertFails(InstructionErrorKind.InvalidArgument, Run(Ix(1), WithTable(TableAccount(meta with { DeactivationSlot = 3 }, 1, Payer)), AuthorityMetas),
            "Deactivated tables cannot be frozen");
        AssertFails(InstructionErrorKind.MissingRequiredSignature, Run(Ix(1), WithTable(TableAccount(meta, 1, Payer)), [AuthorityMetas[0], new(Authority, false)]),
            "Authority account must be a signer");
        // Ownership is checked before the authority signature.
        AssertFails(InstructionErrorKind.InvalidAccountOwner, Run(Ix(1), WithTable(new Account(1, Table(meta, Payer), ProgramIds.System)), [AuthorityMetas[0], new(Authority, false)]));
        AssertFails(InstructionErrorKind.UninitializedAccount, Run(Ix(1), WithTable(new Account(1, new byte[56], ProgramIds.AddressLookupTable)), AuthorityMetas));
        AssertFails(InstructionErrorKind.ReadonlyDataModified, Run(Ix(1), WithTable(TableAccount(meta, 1, Payer)), [new(TableKey, false), new(Authority, true)]));
    }

    [Fact]
    public void Extend_records_the_slot_and_tops_up_rent()
    {
        var meta = LookupTableMeta.New(Authority);
        var rentLamports = Rent.Default.MinimumBalance(56);
        var accounts = WithTable(TableAccount(meta, rentLamports));
        Meta[] metas = [.. AuthorityMetas, new(Payer, true, true), new(ProgramIds.System, false)];
        var outcome = Run(ExtendIx(Key(1), Key(2)), accounts, metas, Rent.Default);
        Assert.Null(outcome.Error);
        var extended = outcome.Accounts[TableKey];
        Assert.Null(LookupTableState.Read(extended.Data, out var after, out var addresses));
        Assert.Equal(meta with { LastExtendedSlot = 100, LastExtendedSlotStartIndex = 0 }, after);
        Assert.Equal(new[] { Key(1), Key(2) }, addresses.ToArray());
        Assert.Equal(Rent.Default.MinimumBalance(56 + 64), extended.Lamports);
        Assert.Equal(900ul, outcome.UnitsConsumed);

        // Again in the same slot: the start index of the slot's first extension stays.
        accounts[TableKey] = extended;
        var again = Run(ExtendIx(Key(3)), accounts, metas, Rent.Default);
        Assert.Null(again.Error);
        Assert.Equal(0, MetaOf(again.Accounts[TableKey]).LastExtendedSlotStartIndex);
        // In a later slot it moves to the current length.
        var later = Run(ExtendIx(Key(3)), accounts, metas, Rent.Default, At100 with { Slot = 101 });
        Assert.Equal(2, MetaOf(later.Accounts[TableKey]).LastExtendedSlotStartIndex);

        // Enough lamports already: no payer needed, no CPI.
        var funded = Run(ExtendIx(Key(1)), WithTable(TableAccount(meta, 10_000_000)), AuthorityMetas, Rent.Default);
        Assert.Null(funded.Error);
        Assert.Equal(750ul, funded.UnitsConsumed);
        AssertFails(InstructionErrorKind.NotEnoughAccountKeys, Run(ExtendIx(Key(1)), WithTable(TableAccount(meta, rentLamports)), AuthorityMetas, Rent.Default));
        AssertFails(InstructionErrorKind.MissingRequiredSignature,
            Run(ExtendIx(Key(1)), WithTable(TableAccount(meta, rentLamports)), [.. AuthorityMetas, new(Payer, false, true), new(ProgramIds.System, false)], Rent.Default),
            "Payer account must be a signer");
    }

    [Fact]
    public void Extend_limits()
    {
        var meta = LookupTableMeta.New(Authority);
        var full = Enumerable.Range(0, 256).Select(i => Key((byte)i)).ToArray();
        AssertFails(InstructionErrorKind.InvalidArgument, Run(ExtendIx(Key(1)), WithTable(TableAccount(meta, 1, full)), AuthorityMetas),
            "Lookup table is full and cannot contain more addresses");
        AssertFails(InstructionErrorKind.InvalidInstructionData, Run(ExtendIx(Key(1), Key(2)), WithTable(TableAccount(meta, 1, full[..255])), AuthorityMetas),
            "Extended lookup table length 257 would exceed max capacity of 256");
        AssertFails(InstructionErrorKind.InvalidInstructionData, Run(ExtendIx(), WithTable(TableAccount(meta, 1)), AuthorityMetas), "Must extend with at least one address");
        AssertFails(InstructionErrorKind.Immutable, Run(ExtendIx(Key(1)), WithTable(TableAccount(meta with { Authority = null }, 1)), AuthorityMetas));
        AssertFails(InstructionErrorKind.InvalidArgument, Run(ExtendIx(Key(1)), WithTable(TableAccount(meta with { DeactivationSlot = 9 }, 1)), AuthorityMetas),
            "Deactivated tables cannot be extended");
        // The last slot fills the table exactly.
        Assert.Null(Run(ExtendIx(Key(1)), WithTable(TableAccount(meta, 10_000_000, full[..255])), AuthorityMetas).Error);
    }

    [Fact]
    public void Deactivate()
    {
        var meta = LookupTableMeta.New(Authority);
        var outcome = Run(Ix(3), WithTable(TableAccount(meta, 1)), AuthorityMetas);
        Assert.Null(outcome.Error);
        Assert.Equal(meta with { DeactivationSlot = 100 }, MetaOf(outcome.Accounts[TableKey]));
        AssertFails(InstructionErrorKind.InvalidArgument, Run(Ix(3), WithTable(outcome.Accounts[TableKey]), AuthorityMetas), "Lookup table is already deactivated");
        AssertFails(InstructionErrorKind.Immutable, Run(Ix(3), WithTable(TableAccount(meta with { Authority = null }, 1)), AuthorityMetas), "Lookup table is frozen");
    }

    [Fact]
    public void Close_waits_for_the_cooldown()
    {
        var meta = LookupTableMeta.New(Authority);
        Meta[] metas = [.. AuthorityMetas, new(Recipient, false, true)];
        var accounts = WithTable(TableAccount(meta with { DeactivationSlot = 50 }, 1234, Key(1)));
        var outcome = Run(Ix(4), accounts, metas);
        Assert.Null(outcome.Error);
        Assert.Equal(0ul, outcome.Accounts[TableKey].Lamports);
        Assert.Equal(0, outcome.Accounts[TableKey].DataLength);
        Assert.Equal(1234ul, outcome.Accounts[Recipient].Lamports);

        AssertFails(InstructionErrorKind.InvalidArgument, Run(Ix(4), WithTable(TableAccount(meta, 1)), metas), "Lookup table is not deactivated");
        AssertFails(InstructionErrorKind.InvalidArgument, Run(Ix(4), WithTable(TableAccount(meta with { DeactivationSlot = 100 }, 1)), metas),
            "Table cannot be closed until it's fully deactivated in 513 blocks");
        AssertFails(InstructionErrorKind.InvalidArgument, Run(Ix(4), WithTable(TableAccount(meta with { DeactivationSlot = 95 }, 1)), metas),
            "Table cannot be closed until it's fully deactivated in 509 blocks");
        AssertFails(InstructionErrorKind.NotEnoughAccountKeys, Run(Ix(4), accounts, AuthorityMetas));
        AssertFails(InstructionErrorKind.InvalidArgument, Run(Ix(4), accounts, [.. AuthorityMetas, new(TableKey, false, true)]),
            "Lookup table cannot be the recipient of reclaimed lamports");
        // A frozen table can never be closed, even deactivated.
        AssertFails(InstructionErrorKind.Immutable, Run(Ix(4), WithTable(TableAccount(meta with { Authority = null, DeactivationSlot = 50 }, 1)), metas));
        AssertFails(InstructionErrorKind.ReadonlyLamportChange, Run(Ix(4), accounts, [.. AuthorityMetas, new(Recipient, false)]));
    }

    [Fact]
    public void Charges_750_units_up_front()
    {
        var outcome = BuiltinHarness.Run(ProgramIds.AddressLookupTable, Ix(3), WithTable(TableAccount(LookupTableMeta.New(Authority), 1)), AuthorityMetas,
            At100, null, RecentHashes, computeUnits: 749);
        Assert.Equal(InstructionErrorKind.ComputationalBudgetExceeded, outcome.Error?.Kind);
        Assert.Equal(LookupTableMeta.New(Authority), MetaOf(outcome.Accounts[TableKey]));
    }
}
