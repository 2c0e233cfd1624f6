using Stratus.AccountsDb.RocksDb;

namespace Stratus.AccountsDb.Store;

/// <summary>Settings of an <see cref="AccountStore"/>.</summary>
public sealed record AccountStoreOptions
{
    /// <summary>
    /// Budget of the in-memory cache of rooted accounts, in bytes of encoded account values (pubkey and bookkeeping
    /// overhead counted as 96 bytes per entry). Default 256 MiB. 0 disables the cache. RocksDB's own block cache is
    /// separate (<see cref="RocksDbOptions.BlockCacheSize"/>).
    /// </summary>
    public long CacheBudgetBytes { get; init; } = 256L << 20;

    /// <summary>
    /// A blob file whose live entries fall below this share of its bytes (0 to 1) is compacted after the root that
    /// crossed it: its live entries are written back inline and the file deleted. Default 0.5 (at most twice the live
    /// bytes on disk). 0 never compacts.
    /// </summary>
    public double BlobCompactionRatio { get; init; } = 0.5;

    /// <summary>RocksDB settings; defaults tuned for point reads by pubkey.</summary>
    public RocksDbOptions RocksDb { get; init; } = new();
}
