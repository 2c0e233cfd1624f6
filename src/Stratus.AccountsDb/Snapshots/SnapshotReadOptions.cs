namespace Stratus.AccountsDb.Snapshots;

/// <summary>Knobs for <see cref="SnapshotArchiveReader"/>.</summary>
public sealed record SnapshotReadOptions
{
    /// <summary>
    /// For an incremental archive: the full snapshot's slot. Storages the manifest lists at or below it are not
    /// expected in this archive. Defaults to the manifest's incremental persistence field, then the file name.
    /// </summary>
    public ulong? IncrementalBaseSlot { get; init; }

    /// <summary>Accept unknown bytes after the last known manifest field (Agave ignores them); off by default.</summary>
    public bool AllowManifestTrailingBytes { get; init; }

    /// <summary>Largest manifest or status cache Stratus will load into memory.</summary>
    public long MaxMetadataEntrySize { get; init; } = 1L << 30;
}
