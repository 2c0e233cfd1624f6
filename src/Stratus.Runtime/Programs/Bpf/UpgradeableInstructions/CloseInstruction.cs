using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using static Stratus.Runtime.Programs.Bpf.UpgradeableInstructions.LoaderAccounts;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>
/// Close. Accounts: 0 the account to close, 1 the recipient of its lamports, 2 its authority (signer; buffers
/// and ProgramData), 3 the program (writable; ProgramData only). The account shrinks to an Uninitialized
/// state; closing ProgramData also leaves a Closed tombstone for the program in the cache.
/// </summary>
internal static class CloseInstruction
{
    public static InstructionError? Process(InvokeContext ctx, in Pubkey loaderId)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(2);
        if (error != null) return error;
        if ((error = ix.GetIndexInTransaction(0, out var closeIndex)) != null) return error;
        if ((error = ix.GetIndexInTransaction(1, out var recipientIndex)) != null) return error;
        if (closeIndex == recipientIndex) return ctx.Fail("Recipient is the same as the account being closed", InstructionErrorKind.InvalidArgument);

        Pubkey closeKey;
        UpgradeableLoaderState state;
        {
            using var close = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            closeKey = close.Key;
            if ((error = UpgradeableLoaderState.Read(close.Data, out state)) != null) return error;
            if ((error = close.SetDataLength(UpgradeableLoaderState.UninitializedSize)) != null) return error;
            if (state.Kind == UpgradeableLoaderStateKind.Uninitialized)
            {
                using var recipient = tx.BorrowInstructionAccount(ix, 1, out error);
                if (error != null) return error;
                if ((error = recipient.CheckedAddLamports(close.Lamports)) != null) return error;
                if ((error = close.SetLamports(0)) != null) return error;
                ctx.Msg($"Closed Uninitialized {closeKey}");
                return null;
            }
        }

        switch (state.Kind)
        {
            case UpgradeableLoaderStateKind.Buffer:
                if ((error = ix.CheckNumberOfAccounts(3)) != null) return error;
                if ((error = CloseWithAuthority(ctx, ix, state.Authority)) != null) return error;
                ctx.Msg($"Closed Buffer {closeKey}");
                return null;
            case UpgradeableLoaderStateKind.ProgramData:
            {
                if ((error = ix.CheckNumberOfAccounts(4)) != null) return error;
                Pubkey programKey;
                {
                    using var program = tx.BorrowInstructionAccount(ix, 3, out error);
                    if (error != null) return error;
                    programKey = program.Key;
                    if (!program.IsWritable) return ctx.Fail("Program account is not writable", InstructionErrorKind.InvalidArgument);
                    if (program.Owner != loaderId) return ctx.Fail("Program account not owned by loader", InstructionErrorKind.IncorrectProgramId);
                    if ((error = CurrentSlot(ctx, out var slot)) != null) return error;
                    if (slot == state.Slot) return ctx.Fail("Program was deployed in this block already", InstructionErrorKind.InvalidArgument);
                    if ((error = UpgradeableLoaderState.Read(program.Data, out var programState)) != null) return error;
                    if (programState.Kind != UpgradeableLoaderStateKind.Program) return ctx.Fail("Invalid Program account", InstructionErrorKind.InvalidArgument);
                    if (programState.Address != closeKey) return ctx.Fail("ProgramData account does not match ProgramData account", InstructionErrorKind.InvalidArgument);
                }
                if ((error = CloseWithAuthority(ctx, ix, state.Authority)) != null) return error;
                if ((error = CurrentSlot(ctx, out var closedAt)) != null) return error;
                ctx.Programs.StoreModified(programKey, ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.Closed, loaderId, closedAt));
                ctx.Msg($"Closed Program {programKey}");
                return null;
            }
            default:
                return ctx.Fail("Account does not support closing", InstructionErrorKind.InvalidArgument);
        }
    }

    /// <summary>Agave's <c>common_close_account</c>: authority 2 must match and sign; lamports go to account 1.</summary>
    private static InstructionError? CloseWithAuthority(InvokeContext ctx, InstructionContext ix, Pubkey? stored)
    {
        var tx = ctx.Transaction;
        if (stored is not { } authority) return ctx.Fail("Account is immutable", InstructionErrorKind.Immutable);
        var error = KeyOf(tx, ix, 2, out var provided);
        if (error != null) return error;
        if (authority != provided) return ctx.Fail("Incorrect authority provided", InstructionErrorKind.IncorrectAuthority);
        if ((error = IsSigner(ix, 2, out var signed)) != null) return error;
        if (!signed) return ctx.Fail("Authority did not sign", InstructionErrorKind.MissingRequiredSignature);
        using var close = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        using var recipient = tx.BorrowInstructionAccount(ix, 1, out error);
        if (error != null) return error;
        if ((error = recipient.CheckedAddLamports(close.Lamports)) != null) return error;
        if ((error = close.SetLamports(0)) != null) return error;
        return SetState(close, UpgradeableLoaderState.Uninitialized);
    }
}
