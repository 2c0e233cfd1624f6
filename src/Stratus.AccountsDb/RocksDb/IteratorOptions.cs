namespace Stratus.AccountsDb.RocksDb;

/// <summary>How an iterator reads: bounds, snapshot and cache behaviour.</summary>
public sealed record IteratorOptions
{
    /// <summary>Inclusive lower bound; the iterator never moves before it (copied to native memory at creation).</summary>
    public byte[]? LowerBound { get; init; }

    /// <summary>Exclusive upper bound; the iterator never reaches it.</summary>
    public byte[]? UpperBound { get; init; }

    /// <summary>Read the database as of this snapshot instead of the latest state.</summary>
    public RocksDbSnapshot? Snapshot { get; init; }

    /// <summary>False for bulk scans that should not evict the hot working set from the block cache.</summary>
    public bool FillCache { get; init; } = true;

    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Read-ahead for sequential scans, in bytes; null leaves RocksDB's adaptive default.</summary>
    public ulong? ReadaheadSize { get; init; }
}

/// <summary>Options for <see cref="RocksDatabase.IngestExternalFiles"/>.</summary>
public sealed record IngestOptions
{
    /// <summary>Hard-link/rename the files into the database instead of copying them.</summary>
    public bool MoveFiles { get; init; }
    public bool SnapshotConsistency { get; init; } = true;
    /// <summary>Allow assigning a global sequence number when the files overlap existing keys.</summary>
    public bool AllowGlobalSeqNo { get; init; } = true;
    /// <summary>Allow flushing the memtable first when it overlaps the files' key range.</summary>
    public bool AllowBlockingFlush { get; init; } = true;
    /// <summary>Ingest at the bottom level, beneath existing data (needs allow_ingest_behind on the database).</summary>
    public bool IngestBehind { get; init; }
}
