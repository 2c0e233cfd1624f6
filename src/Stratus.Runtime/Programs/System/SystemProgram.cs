using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;

namespace Stratus.Runtime.Programs.System;

/// <summary>
/// The System program (programs/system in Agave 2.2): account creation, allocation, assignment and
/// transfers with their seed variants, and the durable-nonce instructions. Charges 150 CU per call.
/// </summary>
public sealed class SystemProgram : IBuiltinProgram
{
    public const ulong ComputeUnits = 150;

    public static readonly SystemProgram Instance = new();

    // An address that may have been derived from a seed: its signer is the base when there is one.
    private readonly record struct Address(Pubkey Key, Pubkey? Base)
    {
        public bool IsSigner(InvokeContext ctx, InstructionContext ix) => ix.HasSigner(ctx.Transaction, Base ?? Key);

        // Rust's Debug of the struct, as the log lines print it.
        public override string ToString() => $"Address {{ address: {Key}, base: {(Base is { } b ? $"Some({b})" : "None")} }}";
    }

    public ProgramFailure? Process(InvokeContext ctx) => ProgramFailure.FromResult(ctx.ConsumeChecked(ComputeUnits) ?? Execute(ctx));

    private static InstructionError? Execute(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        if (!SystemInstruction.TryDecode(ix.Data, out var instruction))
            return new InstructionError(InstructionErrorKind.InvalidInstructionData);

        InstructionError? error;
        switch (instruction.Kind)
        {
            case SystemInstructionKind.CreateAccount:
            {
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                if ((error = KeyOf(tx, ix, 1, out var to)) != null) return error;
                return CreateAccount(ctx, ix, 0, 1, new Address(to, null), instruction.Lamports, instruction.Space, instruction.Owner);
            }
            case SystemInstructionKind.CreateAccountWithSeed:
            {
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                if ((error = KeyOf(tx, ix, 1, out var to)) != null) return error;
                if ((error = CreateAddress(ctx, to, instruction.Base, instruction.Seed, instruction.Owner, out var address)) != null) return error;
                return CreateAccount(ctx, ix, 0, 1, address, instruction.Lamports, instruction.Space, instruction.Owner);
            }
            case SystemInstructionKind.Assign:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var account = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                if ((error = KeyOf(tx, ix, 0, out var key)) != null) return error;
                return Assign(ctx, ix, account, new Address(key, null), instruction.Owner);
            }
            case SystemInstructionKind.Transfer:
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                return Transfer(ctx, ix, 0, 1, instruction.Lamports);
            case SystemInstructionKind.TransferWithSeed:
                if ((error = ix.CheckNumberOfAccounts(3)) != null) return error;
                return TransferWithSeed(ctx, ix, 0, 1, instruction.Seed, instruction.Owner, 2, instruction.Lamports);
            case SystemInstructionKind.AdvanceNonceAccount:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var me = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                if ((error = RecentBlockhashesCount(ctx, ix, 1, out var count)) != null) return error;
                if (count == 0)
                {
                    ctx.Msg("Advance nonce account: recent blockhash list is empty");
                    return SystemError.NonceNoRecentBlockhashes.ToInstructionError();
                }
                return NonceInstructions.Advance(ctx, ix, me);
            }
            case SystemInstructionKind.WithdrawNonceAccount:
            {
                if ((error = ix.CheckNumberOfAccounts(2)) != null) return error;
                if ((error = RecentBlockhashesCount(ctx, ix, 2, out _)) != null) return error;
                if ((error = CheckSysvarAccount(tx, ix, 3, SysvarIds.Rent)) != null) return error;
                if ((error = ctx.Environment.Sysvars.GetRent(out var rent)) != null) return error;
                return NonceInstructions.Withdraw(ctx, ix, 0, instruction.Lamports, 1, rent);
            }
            case SystemInstructionKind.InitializeNonceAccount:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var me = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                if ((error = RecentBlockhashesCount(ctx, ix, 1, out var count)) != null) return error;
                if (count == 0)
                {
                    ctx.Msg("Initialize nonce account: recent blockhash list is empty");
                    return SystemError.NonceNoRecentBlockhashes.ToInstructionError();
                }
                if ((error = CheckSysvarAccount(tx, ix, 2, SysvarIds.Rent)) != null) return error;
                if ((error = ctx.Environment.Sysvars.GetRent(out var rent)) != null) return error;
                return NonceInstructions.Initialize(ctx, me, instruction.Authority, rent);
            }
            case SystemInstructionKind.AuthorizeNonceAccount:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var me = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                return NonceInstructions.Authorize(ctx, ix, me, instruction.Authority);
            }
            case SystemInstructionKind.UpgradeNonceAccount:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var nonce = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                return NonceInstructions.Upgrade(nonce);
            }
            case SystemInstructionKind.Allocate:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var account = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                if ((error = KeyOf(tx, ix, 0, out var key)) != null) return error;
                return Allocate(ctx, ix, account, new Address(key, null), instruction.Space);
            }
            case SystemInstructionKind.AllocateWithSeed:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var account = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                if ((error = KeyOf(tx, ix, 0, out var key)) != null) return error;
                if ((error = CreateAddress(ctx, key, instruction.Base, instruction.Seed, instruction.Owner, out var address)) != null) return error;
                return Allocate(ctx, ix, account, address, instruction.Space)
                    ?? Assign(ctx, ix, account, address, instruction.Owner);
            }
            case SystemInstructionKind.AssignWithSeed:
            {
                if ((error = ix.CheckNumberOfAccounts(1)) != null) return error;
                using var account = tx.BorrowInstructionAccount(ix, 0, out error);
                if (error != null) return error;
                if ((error = KeyOf(tx, ix, 0, out var key)) != null) return error;
                if ((error = CreateAddress(ctx, key, instruction.Base, instruction.Seed, instruction.Owner, out var address)) != null) return error;
                return Assign(ctx, ix, account, address, instruction.Owner);
            }
            default:
                return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        }
    }

    internal static InstructionError? KeyOf(TransactionContext tx, InstructionContext ix, int index, out Pubkey key)
    {
        key = default;
        var error = ix.GetIndexInTransaction(index, out var indexInTransaction);
        return error ?? tx.GetKey(indexInTransaction, out key);
    }

    private static InstructionError? CreateAddress(InvokeContext ctx, in Pubkey address, in Pubkey @base, string seed, in Pubkey owner, out Address result)
    {
        result = default;
        var error = PubkeyDerivation.CreateWithSeed(@base, seed, owner, out var derived);
        if (error != null) return error;
        if (address != derived)
        {
            ctx.Msg($"Create: address {address} does not match derived address {derived}");
            return SystemError.AddressWithSeedMismatch.ToInstructionError();
        }
        result = new Address(address, @base);
        return null;
    }

    private static InstructionError? Allocate(InvokeContext ctx, InstructionContext ix, BorrowedAccount account, Address address, ulong space)
    {
        if (!address.IsSigner(ctx, ix)) return ctx.Fail($"Allocate: 'to' account {address} must sign", InstructionErrorKind.MissingRequiredSignature);
        if (account.DataLength != 0 || account.Owner != ProgramIds.System)
        {
            ctx.Msg($"Allocate: account {address} already in use");
            return SystemError.AccountAlreadyInUse.ToInstructionError();
        }
        if (space > AccountLimits.MaxPermittedDataLength)
        {
            ctx.Msg($"Allocate: requested {space}, max allowed {AccountLimits.MaxPermittedDataLength}");
            return SystemError.InvalidAccountDataLength.ToInstructionError();
        }
        return account.SetDataLength((long)space);
    }

    private static InstructionError? Assign(InvokeContext ctx, InstructionContext ix, BorrowedAccount account, Address address, in Pubkey owner)
    {
        if (account.Owner == owner) return null;
        if (!address.IsSigner(ctx, ix)) return ctx.Fail($"Assign: account {address} must sign", InstructionErrorKind.MissingRequiredSignature);
        return account.SetOwner(owner);
    }

    private static InstructionError? CreateAccount(InvokeContext ctx, InstructionContext ix, int from, int to, Address toAddress, ulong lamports, ulong space, in Pubkey owner)
    {
        var tx = ctx.Transaction;
        {
            using var account = tx.BorrowInstructionAccount(ix, to, out var error);
            if (error != null) return error;
            if (account.Lamports > 0)
            {
                ctx.Msg($"Create Account: account {toAddress} already in use");
                return SystemError.AccountAlreadyInUse.ToInstructionError();
            }
            error = Allocate(ctx, ix, account, toAddress, space) ?? Assign(ctx, ix, account, toAddress, owner);
            if (error != null) return error;
        }
        return Transfer(ctx, ix, from, to, lamports);
    }

    private static InstructionError? Transfer(InvokeContext ctx, InstructionContext ix, int from, int to, ulong lamports)
    {
        var error = ix.IsSigner(from, out var isSigner);
        if (error != null) return error;
        if (!isSigner)
        {
            if ((error = KeyOf(ctx.Transaction, ix, from, out var key)) != null) return error;
            return ctx.Fail($"Transfer: `from` account {key} must sign", InstructionErrorKind.MissingRequiredSignature);
        }
        return TransferVerified(ctx, ix, from, to, lamports);
    }

    private static InstructionError? TransferWithSeed(InvokeContext ctx, InstructionContext ix, int from, int fromBase, string fromSeed, in Pubkey fromOwner, int to, ulong lamports)
    {
        var tx = ctx.Transaction;
        var error = ix.IsSigner(fromBase, out var isSigner);
        if (error != null) return error;
        if (!isSigner)
        {
            if ((error = KeyOf(tx, ix, fromBase, out var baseKey)) != null) return error;
            return ctx.Fail($"Transfer: 'from' account {baseKey} must sign", InstructionErrorKind.MissingRequiredSignature);
        }
        if ((error = KeyOf(tx, ix, fromBase, out var @base)) != null) return error;
        if ((error = PubkeyDerivation.CreateWithSeed(@base, fromSeed, fromOwner, out var derived)) != null) return error;
        if ((error = KeyOf(tx, ix, from, out var fromKey)) != null) return error;
        if (fromKey != derived)
        {
            ctx.Msg($"Transfer: 'from' address {fromKey} does not match derived address {derived}");
            return SystemError.AddressWithSeedMismatch.ToInstructionError();
        }
        return TransferVerified(ctx, ix, from, to, lamports);
    }

    private static InstructionError? TransferVerified(InvokeContext ctx, InstructionContext ix, int from, int to, ulong lamports)
    {
        var tx = ctx.Transaction;
        {
            using var source = tx.BorrowInstructionAccount(ix, from, out var error);
            if (error != null) return error;
            if (source.DataLength != 0) return ctx.Fail("Transfer: `from` must not carry data", InstructionErrorKind.InvalidArgument);
            if (lamports > source.Lamports)
            {
                ctx.Msg($"Transfer: insufficient lamports {source.Lamports}, need {lamports}");
                return SystemError.ResultWithNegativeLamports.ToInstructionError();
            }
            if ((error = source.CheckedSubLamports(lamports)) != null) return error;
        }
        using var destination = tx.BorrowInstructionAccount(ix, to, out var toError);
        if (toError != null) return toError;
        return destination.CheckedAddLamports(lamports);
    }

    /// <summary>get_sysvar_with_account_check: the account must be the sysvar (InvalidArgument), then the cache must have it.</summary>
    internal static InstructionError? CheckSysvarAccount(TransactionContext tx, InstructionContext ix, int index, in Pubkey sysvar)
    {
        var error = KeyOf(tx, ix, index, out var key);
        if (error != null) return error;
        return key == sysvar ? null : new InstructionError(InstructionErrorKind.InvalidArgument);
    }

    private static InstructionError? RecentBlockhashesCount(InvokeContext ctx, InstructionContext ix, int index, out int count)
    {
        count = 0;
        var error = CheckSysvarAccount(ctx.Transaction, ix, index, SysvarIds.RecentBlockhashes);
        return error ?? ctx.Environment.Sysvars.GetRecentBlockhashesCount(out count);
    }
}
