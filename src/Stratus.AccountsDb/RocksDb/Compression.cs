namespace Stratus.AccountsDb.RocksDb;

/// <summary>Block compression; values are the C API's <c>rocksdb_*_compression</c> constants.</summary>
/// <remarks>Debian's librocksdb7.8 links snappy, zlib, bzip2, lz4 and zstd, so all of these are usable.</remarks>
public enum Compression
{
    None = 0,
    Snappy = 1,
    Zlib = 2,
    Bzip2 = 3,
    Lz4 = 4,
    Lz4HC = 5,
    Zstd = 7,
}

/// <summary>RocksDB's info-log verbosity (the LOG file in the database directory).</summary>
public enum InfoLogLevel
{
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
    Fatal = 4,
    Header = 5,
}

/// <summary>Index layout of new SST files; values are the C API's <c>rocksdb_block_based_table_index_type_*</c> constants.</summary>
public enum IndexType
{
    /// <summary>One index block per file, binary-searched.</summary>
    BinarySearch = 0,
    /// <summary>Partitioned index: a top-level index over index partitions (RocksDB's kTwoLevelIndexSearch).</summary>
    TwoLevel = 2,
}
