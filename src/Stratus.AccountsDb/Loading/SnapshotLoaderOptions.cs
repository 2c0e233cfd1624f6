using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;

namespace Stratus.AccountsDb.Loading;

public sealed record SnapshotLoaderOptions
{
    /// <summary>
    /// Bytes of account records held in memory while staging, in bytes. Default 768 MiB. A snapshot whose records fit
    /// is staged without temporary files; beyond it, buckets spill to files under the database directory. Peak RSS
    /// of a load is about this, plus <see cref="StagingWriteBufferBytes"/>, plus one bucket per worker, whatever the
    /// snapshot's size.
    /// </summary>
    public long StagingMemoryBytes { get; init; } = 768L << 20;

    /// <summary>Bytes shared out as write buffers of the spilled buckets (16 KiB to 1 MiB each). Default 64 MiB.</summary>
    public long StagingWriteBufferBytes { get; init; } = 64L << 20;

    /// <summary>
    /// zstd level of the chunks spilled buckets write (account data compresses, and every byte not written is one
    /// the page cache need not hold and the disk need not absorb while the SSTs are being synced), or null to write
    /// them raw. Default -3 (a fast level: staging must keep up with decompression).
    /// </summary>
    public int? StagingCompressionLevel { get; init; } = -3;

    /// <summary>
    /// Target bytes of staged records per bucket, in bytes; the bucket count follows from the snapshot's size (at most
    /// 4,096 buckets). Default 48 MiB. Each merge worker holds one bucket in memory at a time.
    /// </summary>
    public long BucketBytes { get; init; } = 48L << 20;

    /// <summary>
    /// A spilled bucket larger than this, in bytes, is sorted through sorted runs on disk (using a quarter of this per
    /// run) instead of in memory, so the workers together never hold more than <see cref="Workers"/> times this.
    /// Default 192 MiB.
    /// </summary>
    public long MaxBucketBytes { get; init; } = 192L << 20;

    /// <summary>
    /// Threads that merge buckets (sort, hash, write SSTs). Default: one more than the processors, because RocksDB
    /// syncs every SST file it writes and a worker waiting for the disk would otherwise leave a core idle.
    /// </summary>
    public int Workers { get; init; } = Environment.ProcessorCount + 1;

    /// <summary>Bytes shared out as read buffers when the per-bucket owner-index runs are merged, in bytes. Default 16 MiB.</summary>
    public int OwnerIndexReadBufferBytes { get; init; } = 16 << 20;

    /// <summary>Target size of the final accounts and owner-index SST files, in bytes. Default 256 MiB.</summary>
    public long AccountsFileBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Block compression of the accounts and owner-index SST files the load writes. Default none: account data is
    /// mostly incompressible, compressing costs load time, and every cold read would pay for decompressing a block.
    /// Later compactions use the column families' own settings.
    /// </summary>
    public Compression FileCompression { get; init; } = Compression.None;

    /// <summary>
    /// Accounts with more data than this, in bytes, have their data written once, while staging, to append-only blob
    /// files in the database directory (the accounts family keeps a reference), so the merge writes and syncs only the
    /// small values. Default 1,024: on a mainnet-like mix about 2.5% of the accounts but 70% of the data bytes.
    /// <see cref="int.MaxValue"/> keeps every account inline. Not used for an archive whose verification needs merkle
    /// leaves (an accounts hash), which hash the data in pubkey order.
    /// </summary>
    public int BlobThresholdBytes { get; init; } = 1024;

    /// <summary>Target size of a blob file, in bytes. Default 256 MiB.</summary>
    public long BlobFileBytes { get; init; } = 256L << 20;

    /// <summary>
    /// zstd level of the data in blob files (data of at least 256 bytes, kept as a frame only when smaller; the rest of
    /// its entry stays a hole in a sparse file), or null to store it raw. Default -7: a fast level, compressing on the
    /// blob writer's thread beside staging. Large accounts that are mostly zero (program padding, empty order books and
    /// allocations) shrink to a block or two and real program binaries to about half; every block not written is one
    /// the disk need not absorb during the load. Slower levels compress real data further but cost staging time on a
    /// two-core machine (zstd 1 on real program bytes: 3.5×, about 3.5 s more CPU for 1.7 GB).
    /// </summary>
    public int? BlobCompressionLevel { get; init; } = -7;

    /// <summary>Size of each of the blob writer's buffers (written and synced to disk in the background), in bytes. Default 8 MiB.</summary>
    public int BlobWriteBufferBytes { get; init; } = 8 << 20;

    public AccountStoreOptions Store { get; init; } = new();

    /// <summary>Progress callback, called at most every <see cref="ProgressInterval"/>.</summary>
    public Action<LoadProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Test hook: called after each staged accounts file (e.g. to kill the process mid-load).</summary>
    public Action<long>? AfterAccountsFile { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of its range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(StagingMemoryBytes, nameof(StagingMemoryBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(StagingWriteBufferBytes, 1, nameof(StagingWriteBufferBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(BucketBytes, 1, nameof(BucketBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBucketBytes, 1, nameof(MaxBucketBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfLessThan(OwnerIndexReadBufferBytes, 1, nameof(OwnerIndexReadBufferBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(AccountsFileBytes, 1, nameof(AccountsFileBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(BlobThresholdBytes, nameof(BlobThresholdBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlobFileBytes, 4096, nameof(BlobFileBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlobWriteBufferBytes, 4096, nameof(BlobWriteBufferBytes));
        if (StagingCompressionLevel is { } level && level is < -131072 or > 22)
            throw new ArgumentOutOfRangeException(nameof(StagingCompressionLevel), level, "zstd levels are -131072..22");
        if (BlobCompressionLevel is { } blobLevel && blobLevel is < -131072 or > 22)
            throw new ArgumentOutOfRangeException(nameof(BlobCompressionLevel), blobLevel, "zstd levels are -131072..22");
    }
}
