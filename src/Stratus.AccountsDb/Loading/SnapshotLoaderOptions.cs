using Stratus.AccountsDb.Store;

namespace Stratus.AccountsDb.Loading;

public sealed record SnapshotLoaderOptions
{
    /// <summary>
    /// Bytes of the in-memory sort buffer for staging runs (account records). Default 256 MiB; peak RSS of a load is
    /// about twice this plus RocksDB's caches, independent of the snapshot's size.
    /// </summary>
    public int SortBufferBytes { get; init; } = 256 << 20;

    /// <summary>Bytes of the sort buffer for owner-index runs (64-byte keys). Default 64 MiB.</summary>
    public int OwnerIndexBufferBytes { get; init; } = 64 << 20;

    /// <summary>Target size of the final accounts SST files, in bytes. Default 256 MiB.</summary>
    public long AccountsFileBytes { get; init; } = 256L << 20;

    public AccountStoreOptions Store { get; init; } = new();

    /// <summary>Progress callback, called at most every <see cref="ProgressInterval"/>.</summary>
    public Action<LoadProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Test hook: called after each staged accounts file (e.g. to kill the process mid-load).</summary>
    public Action<long>? AfterAccountsFile { get; init; }
}
