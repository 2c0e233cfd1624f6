using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Serialization;

/// <summary>
/// The permission checks Agave's <c>BorrowedAccount</c> (transaction-context 2.2) applies when an
/// instruction changes an account: who may spend lamports, change data, resize or reassign it. Each
/// setter leaves the account untouched when it fails. <paramref name="accountsResizeDelta"/> is the
/// transaction-wide net data growth that caps resizes at 20 MiB.
/// </summary>
public ref struct AccountWriteGuard(
    Account account,
    Pubkey programId,
    bool isWritable,
    bool removeAccountsExecutableFlagChecks,
    ref long accountsResizeDelta)
{
    private readonly ref long _resizeDelta = ref accountsResizeDelta;

    public readonly Account Account => account;

    public readonly bool IsWritable => isWritable;

    /// <summary>The account's owner is the program running the instruction.</summary>
    public readonly bool IsOwnedByCurrentProgram => account.Owner == programId;

    // Once remove_accounts_executable_flag_checks is active the executable flag no longer freezes an account.
    private readonly bool IsExecutableInternal => !removeAccountsExecutableFlagChecks && account.Executable;

    /// <summary>Agave's <c>can_data_be_changed</c>.</summary>
    public readonly InstructionErrorKind? CanDataBeChanged() =>
        CanDataBeChanged(account, programId, isWritable, removeAccountsExecutableFlagChecks);

    /// <summary>Agave's <c>can_data_be_changed</c> without a guard (nothing is written, so no resize budget is needed).</summary>
    public static InstructionErrorKind? CanDataBeChanged(Account account, Pubkey programId, bool isWritable, bool removeAccountsExecutableFlagChecks)
    {
        if (!removeAccountsExecutableFlagChecks && account.Executable) return InstructionErrorKind.ExecutableDataModified;
        if (!isWritable) return InstructionErrorKind.ReadonlyDataModified;
        if (account.Owner != programId) return InstructionErrorKind.ExternalAccountDataModified;
        return null;
    }

    /// <summary>Agave's <c>can_data_be_resized</c>.</summary>
    public readonly InstructionErrorKind? CanDataBeResized(ulong newLength)
    {
        ulong oldLength = (ulong)account.DataLength;
        if (newLength != oldLength && !IsOwnedByCurrentProgram) return InstructionErrorKind.AccountDataSizeChanged;
        if (newLength > AccountLimits.MaxPermittedDataLength) return InstructionErrorKind.InvalidRealloc;
        long delta = (long)newLength - (long)oldLength;
        if (SaturatingAdd(_resizeDelta, delta) > AccountLimits.MaxPermittedAccountsDataAllocationsPerTransaction)
            return InstructionErrorKind.MaxAccountsDataAllocationsExceeded;
        return null;
    }

    /// <summary>Agave's <c>set_lamports</c>.</summary>
    public readonly InstructionErrorKind? SetLamports(ulong lamports)
    {
        if (!IsOwnedByCurrentProgram && lamports < account.Lamports) return InstructionErrorKind.ExternalAccountLamportSpend;
        if (!isWritable) return InstructionErrorKind.ReadonlyLamportChange;
        if (IsExecutableInternal) return InstructionErrorKind.ExecutableLamportChange;
        account.Lamports = lamports;
        return null;
    }

    /// <summary>Agave's <c>set_data_from_slice</c>: replaces data and length.</summary>
    public readonly InstructionErrorKind? SetDataFromSlice(ReadOnlySpan<byte> data)
    {
        if ((CanDataBeResized((ulong)data.Length) ?? CanDataBeChanged()) is { } error) return error;
        _resizeDelta = SaturatingAdd(_resizeDelta, (long)data.Length - account.DataLength);
        account.SetData(data);
        return null;
    }

    /// <summary>Agave's <c>set_data_length</c>: truncates or zero-extends.</summary>
    public readonly InstructionErrorKind? SetDataLength(ulong newLength)
    {
        if ((CanDataBeResized(newLength) ?? CanDataBeChanged()) is { } error) return error;
        if ((ulong)account.DataLength == newLength) return null;
        _resizeDelta = SaturatingAdd(_resizeDelta, (long)newLength - account.DataLength);
        account.Resize((int)newLength);
        return null;
    }

    /// <summary>Agave's <c>get_data_mut</c>: the data for writing, if this program may change it.</summary>
    public readonly InstructionErrorKind? TryGetDataMut(out Span<byte> data)
    {
        if (CanDataBeChanged() is { } error)
        {
            data = default;
            return error;
        }
        data = account.DataMut;
        return null;
    }

    /// <summary>Agave's <c>set_owner</c>: every refusal is <c>ModifiedProgramId</c>.</summary>
    public readonly InstructionErrorKind? SetOwner(Pubkey owner)
    {
        if (!IsOwnedByCurrentProgram || !isWritable || IsExecutableInternal || !account.IsDataZeroed())
            return InstructionErrorKind.ModifiedProgramId;
        account.Owner = owner;
        return null;
    }

    private static long SaturatingAdd(long a, long b)
    {
        long r = unchecked(a + b);
        if (((a ^ r) & (b ^ r)) < 0) return a < 0 ? long.MinValue : long.MaxValue;
        return r;
    }
}
