namespace Stratus.Core.Accounts;

/// <summary>Account-size limits shared by the loaders, the system program and the transaction context.</summary>
public static class AccountLimits
{
    /// <summary>How far one instruction may grow an account (<c>MAX_PERMITTED_DATA_INCREASE</c>, 10 KiB).</summary>
    public const int MaxPermittedDataIncrease = 10 * 1024;

    /// <summary>Largest account data length (<c>MAX_PERMITTED_DATA_LENGTH</c>, 10 MiB).</summary>
    public const int MaxPermittedDataLength = 10 * 1024 * 1024;

    /// <summary>Net growth allowed across one transaction (<c>MAX_PERMITTED_ACCOUNTS_DATA_ALLOCATIONS_PER_TRANSACTION</c>, 20 MiB).</summary>
    public const long MaxPermittedAccountsDataAllocationsPerTransaction = 2L * MaxPermittedDataLength;
}
