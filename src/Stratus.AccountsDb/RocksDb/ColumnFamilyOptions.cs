namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// Per-column-family settings. Null members inherit the database-wide value from <see cref="RocksDbOptions"/>;
/// all column families share the database's block cache.
/// </summary>
public sealed record ColumnFamilyOptions
{
    public ulong? WriteBufferSize { get; init; }
    public int? MaxWriteBufferNumber { get; init; }
    public ulong? TargetFileSizeBase { get; init; }
    public Compression? Compression { get; init; }
    public Compression? BottommostCompression { get; init; }
    /// <summary>Bloom filter bits per key; 0 disables the filter.</summary>
    public double? BloomBitsPerKey { get; init; }
    public ulong? BlockSize { get; init; }
    public bool? CacheIndexAndFilterBlocks { get; init; }
    public bool? DisableAutoCompactions { get; init; }
    /// <summary>See <see cref="RocksDbOptions.BlockRestartInterval"/>.</summary>
    public int? BlockRestartInterval { get; init; }
    /// <summary>See <see cref="RocksDbOptions.DataBlockHashIndex"/>.</summary>
    public bool? DataBlockHashIndex { get; init; }
    /// <summary>See <see cref="RocksDbOptions.OptimizeFiltersForHits"/>.</summary>
    public bool? OptimizeFiltersForHits { get; init; }

    /// <summary>
    /// False keeps this family's blocks out of the database's block cache (no cache lookup per block read). Meant for
    /// uncompressed families read through mmap (<see cref="RocksDbOptions.AllowMmapReads"/>): their blocks are read in
    /// place and never inserted, so the per-read lookup is pure cost; compressed blocks would be decompressed on every
    /// read. Null or true uses the database's cache when it has one.
    /// </summary>
    public bool? UseBlockCache { get; init; }
}

/// <summary>A column family to open (created when missing if <see cref="RocksDbOptions.CreateMissingColumnFamilies"/>).</summary>
public sealed record ColumnFamilyDescriptor(string Name, ColumnFamilyOptions? Options = null)
{
    public static implicit operator ColumnFamilyDescriptor(string name) => new(name);
}
