namespace Stratus.AccountsDb.Store;

/// <summary>Whether the database's contents can be trusted (kept in the metadata column family).</summary>
public enum LoadState : byte
{
    /// <summary>No state written yet (fresh database).</summary>
    Empty = 0,
    /// <summary>A snapshot load started and has not finished verification: the contents must not be used.</summary>
    InProgress = 1,
    /// <summary>State was verified (snapshot) or built from genesis and rooted since.</summary>
    Complete = 2,
}

/// <summary>Keys of the metadata column family.</summary>
internal static class MetadataKeys
{
    public static readonly byte[] LoadState = "load_state"u8.ToArray();
    public static readonly byte[] Slot = "slot"u8.ToArray();
    public static readonly byte[] BankHash = "bank_hash"u8.ToArray();
    public static readonly byte[] Capitalization = "capitalization"u8.ToArray();
    public static readonly byte[] LtHash = "lt_hash"u8.ToArray();
    public static readonly byte[] AccountCount = "account_count"u8.ToArray();
}
