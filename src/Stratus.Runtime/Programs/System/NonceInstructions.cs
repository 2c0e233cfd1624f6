using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Sysvars;
using Stratus.Core;

namespace Stratus.Runtime.Programs.System;

/// <summary>The durable-nonce instructions of the System program (programs/system/src/system_instruction.rs).</summary>
internal static class NonceInstructions
{
    private static InstructionError? ReadState(BorrowedAccount account, out NonceState state) =>
        NonceState.TryRead(account.Data, out state) ? null : new InstructionError(InstructionErrorKind.InvalidAccountData);

    public static InstructionError? Advance(InvokeContext ctx, InstructionContext ix, BorrowedAccount account)
    {
        if (!account.IsWritable) return ctx.Fail($"Advance nonce account: Account {account.Key} must be writeable", InstructionErrorKind.InvalidArgument);
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (!state.IsInitialized) return ctx.Fail($"Advance nonce account: Account {account.Key} state is invalid", InstructionErrorKind.InvalidAccountData);
        if (!ix.HasSigner(ctx.Transaction, state.Authority)) return ctx.Fail($"Advance nonce account: Account {state.Authority} must be a signer", InstructionErrorKind.MissingRequiredSignature);
        var next = NonceState.DurableNonceFrom(ctx.Environment.Blockhash);
        if (state.DurableNonce == next)
        {
            ctx.Msg("Advance nonce account: nonce can only advance once per slot");
            return SystemError.NonceBlockhashNotExpired.ToInstructionError();
        }
        return account.SetState(NonceState.Initialized(state.Authority, next, ctx.Environment.BlockhashLamportsPerSignature).Serialize());
    }

    public static InstructionError? Withdraw(InvokeContext ctx, InstructionContext ix, int fromIndex, ulong lamports, int toIndex, Rent rent)
    {
        var tx = ctx.Transaction;
        {
            using var from = tx.BorrowInstructionAccount(ix, fromIndex, out var error);
            if (error != null) return error;
            if (!from.IsWritable) return ctx.Fail($"Withdraw nonce account: Account {from.Key} must be writeable", InstructionErrorKind.InvalidArgument);
            if ((error = ReadState(from, out var state)) != null) return error;
            Pubkey signer;
            if (!state.IsInitialized)
            {
                if (lamports > from.Lamports) return ctx.Fail($"Withdraw nonce account: insufficient lamports {from.Lamports}, need {lamports}", InstructionErrorKind.InsufficientFunds);
                signer = from.Key;
            }
            else
            {
                if (lamports == from.Lamports)
                {
                    if (state.DurableNonce == NonceState.DurableNonceFrom(ctx.Environment.Blockhash))
                    {
                        ctx.Msg("Withdraw nonce account: nonce can only advance once per slot");
                        return SystemError.NonceBlockhashNotExpired.ToInstructionError();
                    }
                    if ((error = from.SetState(new NonceState(true, false).Serialize())) != null) return error;
                }
                else
                {
                    var minBalance = rent.MinimumBalance((ulong)from.DataLength);
                    if (ulong.MaxValue - lamports < minBalance) return new InstructionError(InstructionErrorKind.InsufficientFunds);
                    var amount = lamports + minBalance;
                    if (amount > from.Lamports) return ctx.Fail($"Withdraw nonce account: insufficient lamports {from.Lamports}, need {amount}", InstructionErrorKind.InsufficientFunds);
                }
                signer = state.Authority;
            }
            if (!ix.HasSigner(tx, signer)) return ctx.Fail($"Withdraw nonce account: Account {signer} must sign", InstructionErrorKind.MissingRequiredSignature);
            if ((error = from.CheckedSubLamports(lamports)) != null) return error;
        }
        using var to = tx.BorrowInstructionAccount(ix, toIndex, out var toError);
        if (toError != null) return toError;
        return to.CheckedAddLamports(lamports);
    }

    public static InstructionError? Initialize(InvokeContext ctx, BorrowedAccount account, in Pubkey authority, Rent rent)
    {
        if (!account.IsWritable) return ctx.Fail($"Initialize nonce account: Account {account.Key} must be writeable", InstructionErrorKind.InvalidArgument);
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (state.IsInitialized) return ctx.Fail($"Initialize nonce account: Account {account.Key} state is invalid", InstructionErrorKind.InvalidAccountData);
        var minBalance = rent.MinimumBalance((ulong)account.DataLength);
        if (account.Lamports < minBalance) return ctx.Fail($"Initialize nonce account: insufficient lamports {account.Lamports}, need {minBalance}", InstructionErrorKind.InsufficientFunds);
        var durable = NonceState.DurableNonceFrom(ctx.Environment.Blockhash);
        return account.SetState(NonceState.Initialized(authority, durable, ctx.Environment.BlockhashLamportsPerSignature).Serialize());
    }

    public static InstructionError? Authorize(InvokeContext ctx, InstructionContext ix, BorrowedAccount account, in Pubkey newAuthority)
    {
        if (!account.IsWritable) return ctx.Fail($"Authorize nonce account: Account {account.Key} must be writeable", InstructionErrorKind.InvalidArgument);
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (!state.IsInitialized) return ctx.Fail($"Authorize nonce account: Account {account.Key} state is invalid", InstructionErrorKind.InvalidAccountData);
        if (!ix.HasSigner(ctx.Transaction, state.Authority)) return ctx.Fail($"Authorize nonce account: Account {state.Authority} must sign", InstructionErrorKind.MissingRequiredSignature);
        // The version is kept: a legacy nonce stays legacy.
        return account.SetState((state with { Authority = newAuthority }).Serialize());
    }

    public static InstructionError? Upgrade(BorrowedAccount account)
    {
        if (account.Owner != ProgramIds.System) return new InstructionError(InstructionErrorKind.InvalidAccountOwner);
        if (!account.IsWritable) return new InstructionError(InstructionErrorKind.InvalidArgument);
        var error = ReadState(account, out var state);
        if (error != null) return error;
        if (state.IsCurrentVersion || !state.IsInitialized) return new InstructionError(InstructionErrorKind.InvalidArgument);
        // A legacy nonce stored the blockhash itself; the current version stores its durable-nonce hash.
        var upgraded = new NonceState(true, true, state.Authority, NonceState.DurableNonceFrom(state.DurableNonce), state.LamportsPerSignature);
        return account.SetState(upgraded.Serialize());
    }
}
