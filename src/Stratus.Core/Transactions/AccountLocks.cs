namespace Stratus.Core.Transactions;

/// <summary>The lock-time account checks Agave applies before executing a transaction (accounts-db <c>validate_account_locks</c>).</summary>
public static class AccountLocks
{
    /// <summary>Lock limit once <c>increase_tx_account_lock_limit</c> is active (MAX_TX_ACCOUNT_LOCKS).</summary>
    public const int MaxTxAccountLocks = 128;

    /// <summary>Lock limit before <c>increase_tx_account_lock_limit</c>.</summary>
    public const int LegacyTxAccountLockLimit = 64;

    /// <summary>The bank's limit for a feature state (Bank::get_transaction_account_lock_limit).</summary>
    public static int LockLimit(bool increaseTxAccountLockLimitActive) =>
        increaseTxAccountLockLimitActive ? MaxTxAccountLocks : LegacyTxAccountLockLimit;

    /// <summary>
    /// Too many keys (static plus loaded) is <see cref="TransactionErrorKind.TooManyAccountLocks"/>, checked
    /// first; any key listed twice is <see cref="TransactionErrorKind.AccountLoadedTwice"/>. Null when both pass.
    /// </summary>
    public static TransactionError? Validate(AccountKeys accountKeys, int lockLimit)
    {
        if (accountKeys.Count > lockLimit) return TransactionError.TooManyAccountLocks;
        if (accountKeys.HasDuplicates()) return TransactionError.AccountLoadedTwice;
        return null;
    }

    /// <inheritdoc cref="Validate(AccountKeys, int)"/>
    public static TransactionError? Validate(Message message, LoadedAddresses? loaded, int lockLimit)
        => Validate(message.GetAccountKeys(loaded), lockLimit);
}
