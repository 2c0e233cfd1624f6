namespace Stratus.AccountsDb.Store;

public enum AccountStoreError
{
    CorruptValue,
    /// <summary>The database holds a snapshot load that never completed (e.g. the process was killed).</summary>
    IncompleteLoad,
    UnknownSlot,
    SlotAlreadyRooted,
    NotADatabase,
    /// <summary>A blob file is missing, unreadable, or does not hold what a reference says (named in the message).</summary>
    BlobFile,
}

public sealed class AccountStoreException(AccountStoreError error, string message) : Exception(message)
{
    public AccountStoreError Error { get; } = error;
}
