namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// Database-wide settings, and the defaults for every column family's table and memtable settings.
/// Translated into native <c>rocksdb_options_t</c> objects when the database is opened.
/// </summary>
public sealed record RocksDbOptions
{
    public bool CreateIfMissing { get; init; } = true;
    public bool CreateMissingColumnFamilies { get; init; } = true;
    public bool ErrorIfExists { get; init; }
    public bool ParanoidChecks { get; init; } = true;

    /// <summary>-1 keeps every SST file open (RocksDB's default).</summary>
    public int MaxOpenFiles { get; init; } = -1;

    /// <summary>Background flush/compaction threads; null leaves RocksDB's default.</summary>
    public int? MaxBackgroundJobs { get; init; }

    /// <summary>Sizes the low/high priority thread pools for this many cores; null leaves RocksDB's default.</summary>
    public int? Parallelism { get; init; }

    public ulong WriteBufferSize { get; init; } = 64UL << 20;
    public int MaxWriteBufferNumber { get; init; } = 2;
    public ulong TargetFileSizeBase { get; init; } = 64UL << 20;
    public bool LevelCompactionDynamicLevelBytes { get; init; } = true;
    public bool DisableAutoCompactions { get; init; }

    public Compression Compression { get; init; } = Compression.Lz4;
    public Compression BottommostCompression { get; init; } = Compression.Zstd;

    /// <summary>
    /// LRU block cache shared by all column families, in bytes; 0 disables the block cache. A family can opt out with
    /// <see cref="ColumnFamilyOptions.UseBlockCache"/>.
    /// </summary>
    public ulong BlockCacheSize { get; init; } = 256UL << 20;
    /// <summary>Data block size; 4 KiB (RocksDB's default) suits point lookups of account-sized values.</summary>
    public ulong BlockSize { get; init; } = 4UL << 10;
    /// <summary>Bloom filter bits per key (full filter); 0 disables it.</summary>
    public double BloomBitsPerKey { get; init; } = 10;
    /// <summary>Charge index and filter blocks to the block cache, so memory stays bounded by it.</summary>
    public bool CacheIndexAndFilterBlocks { get; init; }

    /// <summary>
    /// A hash index inside each data block (RocksDB's kDataBlockBinaryAndHash), so a point lookup finds its key in the
    /// block without a binary search; costs a few bytes per key. Affects SST files written afterwards.
    /// </summary>
    public bool DataBlockHashIndex { get; init; } = true;

    /// <summary>
    /// Keys per bucket of the data-block hash index (RocksDB's data_block_hash_table_util_ratio). A bucket shared by two
    /// keys sends the lookup to a binary search of the block, which with one key per restart point (see
    /// <see cref="BlockRestartInterval"/>) touches a cache line per probe; at 0.25 (4 bytes per key) about one lookup in
    /// five collides, at RocksDB's 0.75 about half do. Affects SST files written afterwards.
    /// </summary>
    public double DataBlockHashRatio { get; init; } = 0.25;

    /// <summary>
    /// Keys between restart points in a data block (RocksDB's block_restart_interval, whose default is 16). A point
    /// lookup lands on a restart point (through the hash index or a binary search) and decodes keys from there, so 1
    /// decodes only the key it wants, at 4 bytes per key and no key prefix sharing (random 32-byte pubkeys share almost
    /// none; families with long shared prefixes, such as the owner index, should keep 16). Affects SST files written
    /// afterwards.
    /// </summary>
    public int BlockRestartInterval { get; init; } = 1;

    /// <summary>
    /// Index entries between restart points in an index block (RocksDB's index_block_restart_interval, whose default
    /// is 1). With 1 a lookup binary-searches every entry of a file's index (65,000 for a 256 MiB file of 4 KiB blocks),
    /// a cache miss per probe once past the top levels; 16 searches a sixteenth as many restart points and then scans at
    /// most 16 short entries that sit next to each other. Affects SST files written afterwards.
    /// </summary>
    public int IndexBlockRestartInterval { get; init; } = 16;

    /// <summary>
    /// How each SST file indexes its data blocks. <see cref="IndexType.BinarySearch"/> keeps one index block per file;
    /// <see cref="IndexType.TwoLevel"/> splits it into partitions of <see cref="MetadataBlockSize"/> bytes found through a
    /// small top-level index (measured slower for cold point reads here, and much slower together with
    /// <see cref="CacheIndexAndFilterBlocks"/> and mmap reads). Affects SST files written afterwards; files of either
    /// kind stay readable.
    /// </summary>
    public IndexType IndexType { get; init; } = IndexType.BinarySearch;

    /// <summary>Target size in bytes of index (and, with <see cref="PartitionFilters"/>, filter) partitions; RocksDB's default 4 KiB.</summary>
    public ulong MetadataBlockSize { get; init; } = 4UL << 10;

    /// <summary>Partition the bloom filter like the index (only with <see cref="IndexType.TwoLevel"/>). Affects SST files written afterwards.</summary>
    public bool PartitionFilters { get; init; }

    /// <summary>
    /// Skip the bloom filter of the bottom level on point reads (RocksDB's optimize_filters_for_hits; compactions into
    /// the bottom level then also write no filter). Once a snapshot is ingested the bottom level holds nearly every
    /// key, so its filter only costs a cache miss per read of a key that exists; a read of a missing key searches the
    /// bottom level's index and data block instead (same answer, about the cost of a hit). Filters of upper levels
    /// are still used. Per family in <see cref="ColumnFamilyOptions.OptimizeFiltersForHits"/>.
    /// </summary>
    public bool OptimizeFiltersForHits { get; init; }

    /// <summary>
    /// Read SST files through mmap instead of pread: no system call, copy or block-cache insert per uncompressed block
    /// read (about 1.7x faster cold point reads). Pages touched count in the process's RSS as file-backed memory (page
    /// cache the kernel can reclaim).
    /// </summary>
    public bool AllowMmapReads { get; init; } = true;

    /// <summary>
    /// Verify each block's checksum on point reads (<see cref="RocksDatabase.Get(ColumnFamily, ReadOnlySpan{byte})"/>).
    /// Off skips a hash of the 4 KiB block per cold read, for stores whose files were written and verified locally.
    /// Iterators and snapshots keep their own setting.
    /// </summary>
    public bool VerifyPointReadChecksums { get; init; } = true;

    public bool EnableStatistics { get; init; }
    /// <summary>Interval at which RocksDB dumps statistics to its LOG; 0 disables the dump.</summary>
    public uint StatsDumpPeriodSeconds { get; init; }

    public InfoLogLevel InfoLogLevel { get; init; } = InfoLogLevel.Warn;
    public int KeepLogFileNum { get; init; } = 4;
    public ulong MaxLogFileSize { get; init; } = 16UL << 20;

    /// <summary>Write options applied to every write: fsync the WAL before acknowledging.</summary>
    public bool SyncWrites { get; init; }
    /// <summary>Skip the write-ahead log (fast bulk loads that can be redone after a crash).</summary>
    public bool DisableWal { get; init; }
}
