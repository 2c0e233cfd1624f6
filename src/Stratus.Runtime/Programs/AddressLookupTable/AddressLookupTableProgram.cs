using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Syscalls;

namespace Stratus.Runtime.Programs.AddressLookupTable;

/// <summary>
/// The native Address Lookup Table program (programs/address-lookup-table processor of Agave 2.2 as Tachyon
/// ships it). Charges 750 CU up front. Creation derives the table address from the authority and a slot
/// that must still be in SlotHashes; the authority need not sign (the relaxed check is the only behaviour
/// left in 2.2). Rent top-ups, allocation and assignment go through the System program as native CPIs.
/// </summary>
public sealed class AddressLookupTableProgram : IBuiltinProgram
{
    public const ulong ComputeUnits = 750;

    public static readonly AddressLookupTableProgram Instance = new();

    public ProgramFailure? Process(InvokeContext ctx) => ProgramFailure.FromResult(ctx.ConsumeChecked(ComputeUnits) ?? Execute(ctx));

    private static InstructionError? Execute(InvokeContext ctx)
    {
        if (!LookupTableInstruction.TryDecode(ctx.Transaction.CurrentInstructionContext.Data, out var instruction))
            return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        return instruction.Kind switch
        {
            LookupTableInstructionKind.CreateLookupTable => Create(ctx, instruction.RecentSlot, instruction.BumpSeed),
            LookupTableInstructionKind.FreezeLookupTable => Freeze(ctx),
            LookupTableInstructionKind.ExtendLookupTable => Extend(ctx, instruction.NewAddresses),
            LookupTableInstructionKind.DeactivateLookupTable => Deactivate(ctx),
            _ => Close(ctx),
        };
    }

    private static InstructionError? Create(InvokeContext ctx, ulong untrustedRecentSlot, byte bumpSeed)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        Pubkey tableKey, tableOwner, authorityKey, payerKey;
        ulong tableLamports;
        InstructionError? error;
        using (var table = tx.BorrowInstructionAccount(ix, 0, out error))
        {
            if (error != null) return error;
            tableLamports = table.Lamports;
            tableKey = table.Key;
            tableOwner = table.Owner;
        }
        using (var authority = tx.BorrowInstructionAccount(ix, 1, out error))
        {
            if (error != null) return error;
            authorityKey = authority.Key;
        }
        if ((error = SigningPayer(ctx, out payerKey)) != null) return error;

        if ((error = RecentSlots.Get(ctx.Environment.Sysvars, out var slotHashes)) != null) return error;
        if (!slotHashes.Contains(untrustedRecentSlot)) return ctx.Fail($"{untrustedRecentSlot} is not a recent slot", InstructionErrorKind.InvalidInstructionData);

        // A derived address means a table can never be initialized twice at the same address.
        var slotSeed = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(slotSeed, untrustedRecentSlot);
        var seeds = new[] { authorityKey.AsSpan().ToArray(), slotSeed, new[] { bumpSeed } };
        if (ProgramAddress.TryCreate(seeds, ProgramIds.AddressLookupTable, out var derived) is { } pubkeyError)
            return InstructionError.FromCustom((uint)pubkeyError);
        if (tableKey != derived) return ctx.Fail($"Table address must match derived address: {derived}", InstructionErrorKind.InvalidArgument);

        if (tableOwner == ProgramIds.AddressLookupTable) return null;

        if ((error = ctx.Environment.Sysvars.GetRent(out var rent)) != null) return error;
        var required = SaturatingSub(Math.Max(rent.MinimumBalance(LookupTableState.MetaSize), 1), tableLamports);
        if (required > 0 && (error = Invoke(ctx, SystemCalls.Transfer(payerKey, tableKey, required), payerKey)) != null)
            return error;
        if ((error = Invoke(ctx, SystemCalls.Allocate(tableKey, LookupTableState.MetaSize), tableKey)) != null)
            return error;
        if ((error = Invoke(ctx, SystemCalls.Assign(tableKey, ProgramIds.AddressLookupTable), tableKey)) != null)
            return error;

        using var created = tx.BorrowInstructionAccount(tx.CurrentInstructionContext, 0, out error);
        if (error != null) return error;
        return created.SetState(LookupTableState.Serialize(LookupTableMeta.New(authorityKey)));
    }

    private static InstructionError? Freeze(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = CheckOwnerAndAuthority(ctx, out var authorityKey);
        if (error != null) return error;

        using var table = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        if ((error = ReadAuthorized(ctx, table, authorityKey, "Lookup table is already frozen", out var meta, out var addresses)) != null) return error;
        if (meta.DeactivationSlot != ulong.MaxValue) return ctx.Fail("Deactivated tables cannot be frozen", InstructionErrorKind.InvalidArgument);
        if (addresses.IsEmpty) return ctx.Fail("Empty lookup tables cannot be frozen", InstructionErrorKind.InvalidInstructionData);
        if ((error = table.GetDataMut(out var data)) != null) return error;
        return LookupTableState.OverwriteMeta(data, meta with { Authority = null });
    }

    private static InstructionError? Extend(InvokeContext ctx, ReadOnlySpan<Pubkey> newAddresses)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = CheckOwnerAndAuthority(ctx, out var authorityKey);
        if (error != null) return error;

        Pubkey tableKey;
        ulong tableLamports;
        int newDataLength;
        using (var table = tx.BorrowInstructionAccount(ix, 0, out error))
        {
            if (error != null) return error;
            tableKey = table.Key;
            tableLamports = table.Lamports;
            if ((error = ReadAuthorized(ctx, table, authorityKey, null, out var meta, out var addresses)) != null) return error;
            if (meta.DeactivationSlot != ulong.MaxValue) return ctx.Fail("Deactivated tables cannot be extended", InstructionErrorKind.InvalidArgument);
            if (addresses.Length >= LookupTableState.MaxAddresses) return ctx.Fail("Lookup table is full and cannot contain more addresses", InstructionErrorKind.InvalidArgument);
            if (newAddresses.IsEmpty) return ctx.Fail("Must extend with at least one address", InstructionErrorKind.InvalidInstructionData);
            var newCount = addresses.Length + newAddresses.Length;
            if (newCount > LookupTableState.MaxAddresses) return ctx.Fail($"Extended lookup table length {newCount} would exceed max capacity of {LookupTableState.MaxAddresses}", InstructionErrorKind.InvalidInstructionData);

            if ((error = ctx.Environment.Sysvars.GetClock(out var clock)) != null) return error;
            if (clock.Slot != meta.LastExtendedSlot)
                // Below 256 here, since the table had room for at least one more address.
                meta = meta with { LastExtendedSlot = clock.Slot, LastExtendedSlotStartIndex = (byte)addresses.Length };

            newDataLength = LookupTableState.MetaSize + newCount * Pubkey.Length;
            if ((error = table.GetDataMut(out var data)) != null) return error;
            if ((error = LookupTableState.OverwriteMeta(data, meta)) != null) return error;
            foreach (var address in newAddresses)
                if ((error = table.ExtendFromSlice(address.AsSpan())) != null) return error;
        }

        if ((error = ctx.Environment.Sysvars.GetRent(out var rent)) != null) return error;
        var required = SaturatingSub(Math.Max(rent.MinimumBalance((ulong)newDataLength), 1), tableLamports);
        if (required == 0) return null;
        if ((error = SigningPayer(ctx, out var payerKey)) != null) return error;
        return Invoke(ctx, SystemCalls.Transfer(payerKey, tableKey, required), payerKey);
    }

    private static InstructionError? Deactivate(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = CheckOwnerAndAuthority(ctx, out var authorityKey);
        if (error != null) return error;

        using var table = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        if ((error = ReadAuthorized(ctx, table, authorityKey, "Lookup table is frozen", out var meta, out _)) != null) return error;
        if (meta.DeactivationSlot != ulong.MaxValue) return ctx.Fail("Lookup table is already deactivated", InstructionErrorKind.InvalidArgument);
        if ((error = ctx.Environment.Sysvars.GetClock(out var clock)) != null) return error;
        if ((error = table.GetDataMut(out var data)) != null) return error;
        return LookupTableState.OverwriteMeta(data, meta with { DeactivationSlot = clock.Slot });
    }

    private static InstructionError? Close(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = CheckOwnerAndAuthority(ctx, out var authorityKey);
        if (error != null) return error;

        if ((error = ix.CheckNumberOfAccounts(3)) != null) return error;
        if ((error = ix.GetIndexInTransaction(0, out var tableIndex)) != null) return error;
        if ((error = ix.GetIndexInTransaction(2, out var recipientIndex)) != null) return error;
        if (tableIndex == recipientIndex) return ctx.Fail("Lookup table cannot be the recipient of reclaimed lamports", InstructionErrorKind.InvalidArgument);

        ulong withdrawn;
        using (var table = tx.BorrowInstructionAccount(ix, 0, out error))
        {
            if (error != null) return error;
            withdrawn = table.Lamports;
            if ((error = ReadAuthorized(ctx, table, authorityKey, "Lookup table is frozen", out var meta, out _)) != null) return error;

            var sysvars = ctx.Environment.Sysvars;
            if ((error = sysvars.GetClock(out var clock)) != null) return error;
            if ((error = RecentSlots.Get(sysvars, out var slotHashes)) != null) return error;
            var status = meta.Status(clock.Slot, slotHashes);
            switch (status.Kind)
            {
                case LookupTableStatusKind.Activated:
                    return ctx.Fail("Lookup table is not deactivated", InstructionErrorKind.InvalidArgument);
                case LookupTableStatusKind.Deactivating:
                    return ctx.Fail($"Table cannot be closed until it's fully deactivated in {status.RemainingBlocks} blocks", InstructionErrorKind.InvalidArgument);
            }
        }

        using (var recipient = tx.BorrowInstructionAccount(ix, 2, out error))
        {
            if (error != null) return error;
            if ((error = recipient.CheckedAddLamports(withdrawn)) != null) return error;
        }

        using var closed = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        return closed.SetDataLength(0) ?? closed.SetLamports(0);
    }

    /// <summary>
    /// The opening every instruction but Create shares: account 0 must belong to this program
    /// (InvalidAccountOwner) and account 1 must sign (MissingRequiredSignature).
    /// </summary>
    private static InstructionError? CheckOwnerAndAuthority(InvokeContext ctx, out Pubkey authorityKey)
    {
        authorityKey = default;
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        InstructionError? error;
        using (var table = tx.BorrowInstructionAccount(ix, 0, out error))
        {
            if (error != null) return error;
            if (table.Owner != ProgramIds.AddressLookupTable) return new InstructionError(InstructionErrorKind.InvalidAccountOwner);
        }
        using var authority = tx.BorrowInstructionAccount(ix, 1, out error);
        if (error != null) return error;
        authorityKey = authority.Key;
        if (!authority.IsSigner) return ctx.Fail("Authority account must be a signer", InstructionErrorKind.MissingRequiredSignature);
        return null;
    }

    /// <summary>Account 2, the payer of rent top-ups, which must sign (MissingRequiredSignature).</summary>
    private static InstructionError? SigningPayer(InvokeContext ctx, out Pubkey payerKey)
    {
        payerKey = default;
        var tx = ctx.Transaction;
        using var payer = tx.BorrowInstructionAccount(tx.CurrentInstructionContext, 2, out var error);
        if (error != null) return error;
        payerKey = payer.Key;
        if (payer.IsSigner) return null;
        return ctx.Fail("Payer account must be a signer", InstructionErrorKind.MissingRequiredSignature);
    }

    /// <summary>
    /// Decodes the table and checks it still has an authority (Immutable, logging <paramref name="frozenMessage"/>
    /// when given) and that the authority is the signer's key (IncorrectAuthority).
    /// </summary>
    private static InstructionError? ReadAuthorized(InvokeContext ctx, in BorrowedAccount table, in Pubkey authorityKey, string? frozenMessage,
        out LookupTableMeta meta, out ReadOnlySpan<Pubkey> addresses)
    {
        var error = LookupTableState.Read(table.Data, out meta, out addresses);
        if (error != null) return error;
        if (meta.IsFrozen)
        {
            if (frozenMessage != null) ctx.Msg(frozenMessage);
            return new InstructionError(InstructionErrorKind.Immutable);
        }
        return meta.Authority != authorityKey ? new InstructionError(InstructionErrorKind.IncorrectAuthority) : null;
    }

    private static InstructionError? Invoke(InvokeContext ctx, (NativeAccountMeta[] Metas, byte[] Data) instruction, in Pubkey signer) =>
        NativeInvoke.Invoke(ctx, ProgramIds.System, instruction.Metas, instruction.Data, [signer]);

    private static ulong SaturatingSub(ulong a, ulong b) => a > b ? a - b : 0;
}
