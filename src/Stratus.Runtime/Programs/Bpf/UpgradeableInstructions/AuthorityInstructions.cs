using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using static Stratus.Runtime.Programs.Bpf.UpgradeableInstructions.LoaderAccounts;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>
/// SetAuthority and SetAuthorityChecked on a buffer or a ProgramData account. Accounts: 0 the account, 1 the
/// present authority (signer), 2 the new authority (optional for SetAuthority, where its absence makes a program
/// immutable; a buffer's authority cannot be removed; a signer for SetAuthorityChecked).
/// </summary>
internal static class AuthorityInstructions
{
    public static InstructionError? SetAuthority(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(2);
        if (error != null) return error;
        using var account = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var present)) != null) return error;
        Pubkey? newAuthority = KeyOf(tx, ix, 2, out var newKey) == null ? newKey : null;

        if ((error = UpgradeableLoaderState.Read(account.Data, out var state)) != null) return error;
        switch (state.Kind)
        {
            case UpgradeableLoaderStateKind.Buffer:
                if (newAuthority == null) return ctx.Fail("Buffer authority is not optional", InstructionErrorKind.IncorrectAuthority);
                if ((error = CheckAuthority(ctx, ix, state.Authority, present, "Buffer is immutable", "Incorrect buffer authority provided", "Buffer authority did not sign")) != null)
                    return error;
                if ((error = SetState(account, UpgradeableLoaderState.Buffer(newAuthority))) != null) return error;
                break;
            case UpgradeableLoaderStateKind.ProgramData:
                if ((error = CheckAuthority(ctx, ix, state.Authority, present, "Program not upgradeable", "Incorrect upgrade authority provided", "Upgrade authority did not sign")) != null)
                    return error;
                if ((error = SetState(account, UpgradeableLoaderState.ProgramData(state.Slot, newAuthority))) != null) return error;
                break;
            default:
                return ctx.Fail("Account does not support authorities", InstructionErrorKind.InvalidArgument);
        }
        ctx.Msg($"New authority {Debug(newAuthority)}");
        return null;
    }

    public static InstructionError? SetAuthorityChecked(InvokeContext ctx)
    {
        if (!ctx.Features.IsActive(FeatureId.EnableBpfLoaderSetAuthorityCheckedIx))
            return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(3);
        if (error != null) return error;
        using var account = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        if ((error = KeyOf(tx, ix, 1, out var present)) != null) return error;
        if ((error = KeyOf(tx, ix, 2, out var newAuthority)) != null) return error;

        if ((error = UpgradeableLoaderState.Read(account.Data, out var state)) != null) return error;
        switch (state.Kind)
        {
            case UpgradeableLoaderStateKind.Buffer:
                if ((error = CheckAuthority(ctx, ix, state.Authority, present, "Buffer is immutable", "Incorrect buffer authority provided", "Buffer authority did not sign")) != null)
                    return error;
                if ((error = CheckNewAuthoritySigned(ctx, ix)) != null) return error;
                if ((error = SetState(account, UpgradeableLoaderState.Buffer(newAuthority))) != null) return error;
                break;
            case UpgradeableLoaderStateKind.ProgramData:
                if ((error = CheckAuthority(ctx, ix, state.Authority, present, "Program not upgradeable", "Incorrect upgrade authority provided", "Upgrade authority did not sign")) != null)
                    return error;
                if ((error = CheckNewAuthoritySigned(ctx, ix)) != null) return error;
                if ((error = SetState(account, UpgradeableLoaderState.ProgramData(state.Slot, newAuthority))) != null) return error;
                break;
            default:
                return ctx.Fail("Account does not support authorities", InstructionErrorKind.InvalidArgument);
        }
        ctx.Msg($"New authority {newAuthority}");
        return null;
    }

    /// <summary>The stored authority must exist, be <paramref name="present"/>, and have signed (account 1).</summary>
    private static InstructionError? CheckAuthority(InvokeContext ctx, InstructionContext ix, Pubkey? stored, in Pubkey present,
        string immutable, string incorrect, string unsigned)
    {
        if (stored is not { } authority) return ctx.Fail(immutable, InstructionErrorKind.Immutable);
        if (authority != present) return ctx.Fail(incorrect, InstructionErrorKind.IncorrectAuthority);
        var error = IsSigner(ix, 1, out var signed);
        if (error != null) return error;
        if (signed) return null;
        return ctx.Fail(unsigned, InstructionErrorKind.MissingRequiredSignature);
    }

    private static InstructionError? CheckNewAuthoritySigned(InvokeContext ctx, InstructionContext ix)
    {
        var error = IsSigner(ix, 2, out var signed);
        if (error != null) return error;
        if (signed) return null;
        return ctx.Fail("New authority did not sign", InstructionErrorKind.MissingRequiredSignature);
    }
}
