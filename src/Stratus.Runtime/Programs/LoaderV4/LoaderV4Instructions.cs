using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.Bpf;

namespace Stratus.Runtime.Programs.LoaderV4;

/// <summary>
/// Loader v4's management instructions with Agave 2.2's checks, order, errors and logs. Accounts: 0 the program
/// (writable), 1 its authority (signer), 2 an instruction-specific account (Copy's source, SetProgramLength's
/// recipient, TransferAuthority's new authority, Finalize's next version).
/// </summary>
internal static class LoaderV4Instructions
{
    /// <summary>DEPLOYMENT_COOLDOWN_IN_SLOTS: a program cannot be redeployed or retracted in its deployment slot.</summary>
    public const ulong DeploymentCooldownInSlots = 1;

    public static InstructionError? Process(InvokeContext ctx, InstructionContext ix)
    {
        if (!LoaderV4Instruction.TryDecode(ix.DataMemory, out var instruction))
            return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        return instruction.Kind switch
        {
            LoaderV4InstructionKind.Write => Write(ctx, instruction.A, instruction.Bytes.Span),
            LoaderV4InstructionKind.Copy => Copy(ctx, instruction.A, instruction.B, instruction.C),
            LoaderV4InstructionKind.SetProgramLength => SetProgramLength(ctx, instruction.A),
            LoaderV4InstructionKind.Deploy => Deploy(ctx),
            LoaderV4InstructionKind.Retract => Retract(ctx),
            LoaderV4InstructionKind.TransferAuthority => TransferAuthority(ctx),
            _ => Finalize(ctx),
        };
    }

    /// <summary>Agave's <c>check_program_account</c>.</summary>
    private static InstructionError? CheckProgramAccount(InvokeContext ctx, InstructionContext ix, in BorrowedAccount program, in Pubkey authority,
        out LoaderV4State state)
    {
        state = default;
        if (program.Owner != ProgramIds.LoaderV4) return ctx.Fail("Program not owned by loader", InstructionErrorKind.InvalidAccountOwner);
        var error = LoaderV4State.Read(program.Data, out state);
        if (error != null) return error;
        if (!program.IsWritable) return ctx.Fail("Program is not writeable", InstructionErrorKind.InvalidArgument);
        if ((error = ix.IsSigner(1, out var signed)) != null) return error;
        if (!signed) return ctx.Fail("Authority did not sign", InstructionErrorKind.MissingRequiredSignature);
        if (state.AuthorityOrNextVersion != authority) return ctx.Fail("Incorrect authority provided", InstructionErrorKind.IncorrectAuthority);
        if (state.Status == LoaderV4Status.Finalized) return ctx.Fail("Program is finalized", InstructionErrorKind.Immutable);
        return null;
    }

    private static InstructionError? KeyOf(TransactionContext tx, InstructionContext ix, int index, out Pubkey key)
    {
        key = default;
        return ix.GetIndexInTransaction(index, out var indexInTransaction) ?? tx.GetKey(indexInTransaction, out key);
    }

    private static InstructionError? NotRetracted(InvokeContext ctx, in LoaderV4State state, string message = "Program is not retracted")
    {
        if (state.Status == LoaderV4Status.Retracted) return null;
        return ctx.Fail(message, InstructionErrorKind.InvalidArgument);
    }

    private static InstructionError? Write(InvokeContext ctx, uint offset, ReadOnlySpan<byte> bytes)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var program = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var authority)) != null) return error;
        if ((error = CheckProgramAccount(ctx, ix, program, authority, out var state)) != null) return error;
        if ((error = NotRetracted(ctx, state)) != null) return error;
        var destination = (long)offset + LoaderV4State.ProgramDataOffset;
        if ((error = program.GetDataMut(out var data)) != null) return error;
        if (destination + bytes.Length > data.Length) return ctx.Fail("Write out of bounds", InstructionErrorKind.AccountDataTooSmall);
        bytes.CopyTo(data[(int)destination..]);
        return null;
    }

    private static InstructionError? Copy(InvokeContext ctx, uint destinationOffset, uint sourceOffset, uint length)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var program = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var authority)) != null) return error;
        using var source = tx.BorrowInstructionAccount(ix, 2, out error);
        if (error != null) return error;
        if ((error = CheckProgramAccount(ctx, ix, program, authority, out var state)) != null) return error;
        if ((error = NotRetracted(ctx, state)) != null) return error;
        var owner = source.Owner;
        long sourceStart;
        if (owner == ProgramIds.LoaderV4) sourceStart = LoaderV4State.ProgramDataOffset;
        else if (owner == ProgramIds.BpfLoaderUpgradeable) sourceStart = UpgradeableLoaderState.ProgramDataMetadataSize;
        else if (owner == ProgramIds.BpfLoaderDeprecated || owner == ProgramIds.BpfLoader) sourceStart = 0;
        else
        {
            return ctx.Fail("Source is not a program", InstructionErrorKind.InvalidArgument);
        }
        sourceStart += sourceOffset;
        if (sourceStart + length > source.DataLength) return ctx.Fail("Read out of bounds", InstructionErrorKind.AccountDataTooSmall);
        var destination = (long)destinationOffset + LoaderV4State.ProgramDataOffset;
        if ((error = program.GetDataMut(out var data)) != null) return error;
        if (destination + length > data.Length) return ctx.Fail("Write out of bounds", InstructionErrorKind.AccountDataTooSmall);
        source.Data.Slice((int)sourceStart, (int)length).CopyTo(data[(int)destination..]);
        return null;
    }

    private static InstructionError? SetProgramLength(InvokeContext ctx, uint newSize)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var program = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var authority)) != null) return error;
        var isInitialization = program.DataLength < LoaderV4State.ProgramDataOffset;
        if (isInitialization)
        {
            if (program.Owner != ProgramIds.LoaderV4) return ctx.Fail("Program not owned by loader", InstructionErrorKind.InvalidAccountOwner);
            if (!program.IsWritable) return ctx.Fail("Program is not writeable", InstructionErrorKind.InvalidArgument);
            if ((error = ix.IsSigner(1, out var signed)) != null) return error;
            if (!signed) return ctx.Fail("Authority did not sign", InstructionErrorKind.MissingRequiredSignature);
        }
        else
        {
            if ((error = CheckProgramAccount(ctx, ix, program, authority, out var state)) != null) return error;
            if ((error = NotRetracted(ctx, state)) != null) return error;
        }

        ulong required = 0;
        if (newSize != 0)
        {
            if ((error = ctx.Environment.Sysvars.GetRent(out var rent)) != null) return error;
            required = Math.Max(1, rent.MinimumBalance(LoaderV4State.ProgramDataOffset + (ulong)newSize));
        }
        if (program.Lamports < required) return ctx.Fail($"Insufficient lamports, {required} are required", InstructionErrorKind.InsufficientFunds);
        if (program.Lamports > required)
        {
            // Agave treats a recipient it cannot borrow (absent, or the program itself) as no recipient.
            using var recipient = tx.BorrowInstructionAccount(ix, 2, out var recipientError);
            if (recipientError == null)
            {
                if (!ix.IsWritable(2)) return ctx.Fail("Recipient is not writeable", InstructionErrorKind.InvalidArgument);
                var surplus = program.Lamports - required;
                if ((error = program.CheckedSubLamports(surplus)) != null) return error;
                if ((error = recipient.CheckedAddLamports(surplus)) != null) return error;
            }
            else if (newSize == 0) return ctx.Fail("Closing a program requires a recipient account", InstructionErrorKind.InvalidArgument);
        }

        if (newSize == 0) return program.SetDataLength(0);
        if ((error = program.SetDataLength(LoaderV4State.ProgramDataOffset + (long)newSize)) != null) return error;
        if (!isInitialization) return null;
        if ((error = program.SetExecutable(true)) != null) return error;
        if ((error = program.GetDataMut(out var data)) != null) return error;
        return new LoaderV4State(0, authority, LoaderV4Status.Retracted).Write(data);
    }

    private static InstructionError? Deploy(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var program = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var authority)) != null) return error;
        if ((error = CheckProgramAccount(ctx, ix, program, authority, out var state)) != null) return error;
        if ((error = ctx.Environment.Sysvars.GetClock(out var clock)) != null) return error;
        var currentSlot = clock.Slot;
        // Slot 0 means never deployed, so no cooldown applies.
        if (state.Slot != 0 && SaturatingAdd(state.Slot, DeploymentCooldownInSlots) > currentSlot) return ctx.Fail("Program was deployed recently, cooldown still in effect", InstructionErrorKind.InvalidArgument);
        if ((error = NotRetracted(ctx, state, "Destination program is not retracted")) != null) return error;
        error = ProgramDeployment.Deploy(ctx, program.Key, ProgramIds.LoaderV4, program.Data[LoaderV4State.ProgramDataOffset..], currentSlot);
        if (error != null) return error;
        if ((error = program.GetDataMut(out var data)) != null) return error;
        return (state with { Slot = currentSlot, Status = LoaderV4Status.Deployed }).Write(data);
    }

    private static InstructionError? Retract(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var program = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var authority)) != null) return error;
        if ((error = CheckProgramAccount(ctx, ix, program, authority, out var state)) != null) return error;
        if ((error = ctx.Environment.Sysvars.GetClock(out var clock)) != null) return error;
        var currentSlot = clock.Slot;
        if (SaturatingAdd(state.Slot, DeploymentCooldownInSlots) > currentSlot) return ctx.Fail("Program was deployed recently, cooldown still in effect", InstructionErrorKind.InvalidArgument);
        if (state.Status != LoaderV4Status.Deployed) return ctx.Fail("Program is not deployed", InstructionErrorKind.InvalidArgument);
        if ((error = program.GetDataMut(out var data)) != null) return error;
        if ((error = (state with { Status = LoaderV4Status.Retracted }).Write(data)) != null) return error;
        ctx.Programs.StoreModified(program.Key, ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.Closed, ProgramIds.LoaderV4, currentSlot));
        return null;
    }

    private static InstructionError? TransferAuthority(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var program = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var authority)) != null) return error;
        if ((error = KeyOf(tx, ix, 2, out var newAuthority)) != null) return error;
        if ((error = CheckProgramAccount(ctx, ix, program, authority, out var state)) != null) return error;
        if ((error = ix.IsSigner(2, out var signed)) != null) return error;
        if (!signed) return ctx.Fail("New authority did not sign", InstructionErrorKind.MissingRequiredSignature);
        if (state.AuthorityOrNextVersion == newAuthority) return ctx.Fail("No change", InstructionErrorKind.InvalidArgument);
        if ((error = program.GetDataMut(out var data)) != null) return error;
        return (state with { AuthorityOrNextVersion = newAuthority }).Write(data);
    }

    private static InstructionError? Finalize(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        InstructionError? error;
        Pubkey authority;
        {
            using var program = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            if ((error = KeyOf(tx, ix, 1, out authority)) != null) return error;
            if ((error = CheckProgramAccount(ctx, ix, program, authority, out var state)) != null) return error;
            if (state.Status != LoaderV4Status.Deployed) return ctx.Fail("Program must be deployed to be finalized", InstructionErrorKind.InvalidArgument);
        }
        Pubkey nextVersion;
        {
            using var next = tx.BorrowInstructionAccount(ix, 2, out error);
            if (error != null) return error;
            if (next.Owner != ProgramIds.LoaderV4) return ctx.Fail("Next version is not owned by loader", InstructionErrorKind.InvalidAccountOwner);
            if ((error = LoaderV4State.Read(next.Data, out var nextState)) != null) return error;
            if (nextState.AuthorityOrNextVersion != authority) return ctx.Fail("Next version has a different authority", InstructionErrorKind.IncorrectAuthority);
            if (nextState.Status == LoaderV4Status.Finalized) return ctx.Fail("Next version is finalized", InstructionErrorKind.Immutable);
            nextVersion = next.Key;
        }
        {
            using var program = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            if ((error = program.GetDataMut(out var data)) != null) return error;
            if ((error = LoaderV4State.Read(data, out var state)) != null) return error;
            return (state with { AuthorityOrNextVersion = nextVersion, Status = LoaderV4Status.Finalized }).Write(data);
        }
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => ulong.MaxValue - a < b ? ulong.MaxValue : a + b;
}
