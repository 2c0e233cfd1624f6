using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>Account look-ups the loaders share, each failing with the error Agave's accessor returns.</summary>
internal static class LoaderAccounts
{
    /// <summary>The key of instruction account <paramref name="index"/> (NotEnoughAccountKeys when missing).</summary>
    public static InstructionError? KeyOf(TransactionContext tx, InstructionContext ix, int index, out Pubkey key)
    {
        key = default;
        return ix.GetIndexInTransaction(index, out var indexInTransaction) ?? tx.GetKey(indexInTransaction, out key);
    }

    /// <summary>Agave's <c>is_instruction_account_signer</c>: MissingAccount when the index is out of range.</summary>
    public static InstructionError? IsSigner(InstructionContext ix, int index, out bool isSigner) => ix.IsSigner(index, out isSigner);

    /// <summary><c>get_sysvar_with_account_check::rent</c>: the account must be the Rent sysvar (InvalidArgument), then the cached value.</summary>
    public static InstructionError? RentAt(InvokeContext ctx, InstructionContext ix, int index, out Rent rent)
    {
        rent = Rent.Default;
        var error = CheckSysvar(ctx.Transaction, ix, index, SysvarIds.Rent);
        return error ?? ctx.Environment.Sysvars.GetRent(out rent);
    }

    /// <summary><c>get_sysvar_with_account_check::clock</c>.</summary>
    public static InstructionError? ClockAt(InvokeContext ctx, InstructionContext ix, int index, out Clock clock)
    {
        clock = Clock.Default;
        var error = CheckSysvar(ctx.Transaction, ix, index, SysvarIds.Clock);
        return error ?? ctx.Environment.Sysvars.GetClock(out clock);
    }

    public static InstructionError? CurrentSlot(InvokeContext ctx, out ulong slot)
    {
        var error = ctx.Environment.Sysvars.GetClock(out var clock);
        slot = clock.Slot;
        return error;
    }

    private static InstructionError? CheckSysvar(TransactionContext tx, InstructionContext ix, int index, in Pubkey sysvar)
    {
        var error = KeyOf(tx, ix, index, out var key);
        if (error != null) return error;
        return key == sysvar ? null : new InstructionError(InstructionErrorKind.InvalidArgument);
    }

    /// <summary>Agave's <c>BorrowedAccount::set_state</c> for the upgradeable loader's states.</summary>
    public static InstructionError? SetState(in BorrowedAccount account, in UpgradeableLoaderState state)
    {
        Span<byte> buffer = stackalloc byte[UpgradeableLoaderState.ProgramDataMetadataSize];
        state.TryWrite(buffer);
        return account.SetState(buffer[..state.SerializedSize]);
    }

    /// <summary>
    /// The buffer checks Deploy and Upgrade share, in Agave's order: an initialized Buffer, its authority equal to
    /// <paramref name="authorityKey"/> and signing at <paramref name="authoritySignerIndex"/>, and some ELF bytes.
    /// </summary>
    public static InstructionError? CheckBuffer(InvokeContext ctx, in BorrowedAccount buffer, InstructionContext ix, in Pubkey authorityKey,
        int authoritySignerIndex, out long elfLength)
    {
        elfLength = 0;
        var error = UpgradeableLoaderState.Read(buffer.Data, out var state);
        if (error != null) return error;
        if (state.Kind != UpgradeableLoaderStateKind.Buffer) return ctx.Fail("Invalid Buffer account", InstructionErrorKind.InvalidArgument);
        if (state.Authority != authorityKey) return ctx.Fail("Buffer and upgrade authority don't match", InstructionErrorKind.IncorrectAuthority);
        if ((error = IsSigner(ix, authoritySignerIndex, out var signed)) != null) return error;
        if (!signed) return ctx.Fail("Upgrade authority did not sign", InstructionErrorKind.MissingRequiredSignature);
        elfLength = Math.Max(0, buffer.DataLength - UpgradeableLoaderState.BufferMetadataSize);
        if (buffer.DataLength < UpgradeableLoaderState.BufferMetadataSize || elfLength == 0) return ctx.Fail("Buffer account too small", InstructionErrorKind.InvalidAccountData);
        return null;
    }

    /// <summary>
    /// The program-account checks Upgrade and Migrate share, in Agave's order: writable, owned by the loader, a Program
    /// state pointing at <paramref name="programDataKey"/>.
    /// </summary>
    public static InstructionError? CheckProgramAccount(InvokeContext ctx, in BorrowedAccount program, in Pubkey loaderId, in Pubkey programDataKey)
    {
        if (!program.IsWritable) return ctx.Fail("Program account not writeable", InstructionErrorKind.InvalidArgument);
        if (program.Owner != loaderId) return ctx.Fail("Program account not owned by loader", InstructionErrorKind.IncorrectProgramId);
        var error = UpgradeableLoaderState.Read(program.Data, out var state);
        if (error != null) return error;
        if (state.Kind != UpgradeableLoaderStateKind.Program) return ctx.Fail("Invalid Program account", InstructionErrorKind.InvalidAccountData);
        if (state.Address != programDataKey) return ctx.Fail("Program and ProgramData account mismatch", InstructionErrorKind.InvalidArgument);
        return null;
    }

    /// <summary>Rust's <c>{:?}</c> of an <c>Option&lt;Pubkey&gt;</c>.</summary>
    public static string Debug(Pubkey? key) => key is { } k ? $"Some({k})" : "None";
}
