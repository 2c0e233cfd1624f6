using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;

namespace Stratus.AccountsDb.Loading;

public sealed record SnapshotLoaderOptions
{
    /// <summary>
    /// Bytes of the in-memory sort buffers for staging runs (account records), split into two arenas (one fills
    /// while the other is sorted and written). Default 512 MiB; peak RSS of a load is about this plus the owner-index
    /// buffer and RocksDB's caches, independent of the snapshot's size.
    /// </summary>
    public int SortBufferBytes { get; init; } = 512 << 20;

    /// <summary>Bytes of the sort buffers for owner-index runs (64-byte keys), split into two arenas. Default 128 MiB.</summary>
    public int OwnerIndexBufferBytes { get; init; } = 128 << 20;

    /// <summary>Target size of the final accounts and owner-index SST files, in bytes. Default 256 MiB.</summary>
    public long AccountsFileBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Block compression of the accounts and owner-index SST files the load writes. Default none: account data is
    /// mostly incompressible, compressing costs load time, and every cold read would pay for decompressing a block.
    /// Later compactions use the column families' own settings.
    /// </summary>
    public Compression FileCompression { get; init; } = Compression.None;

    public AccountStoreOptions Store { get; init; } = new();

    /// <summary>Progress callback, called at most every <see cref="ProgressInterval"/>.</summary>
    public Action<LoadProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Test hook: called after each staged accounts file (e.g. to kill the process mid-load).</summary>
    public Action<long>? AfterAccountsFile { get; init; }
}
