namespace Stratus.AccountsDb.Loading;

public enum SnapshotLoadError
{
    /// <summary>The archive itself is malformed (see the inner <see cref="Snapshots.SnapshotFormatException"/>).</summary>
    Archive,
    /// <summary>The database directory exists and is not an account store.</summary>
    NotADatabase,
    /// <summary>The incremental archive does not build on the full one.</summary>
    IncrementalMismatch,
    CapitalizationMismatch,
    LtHashMismatch,
    AccountsHashMismatch,
    /// <summary>Neither a lattice hash nor an accounts hash in the manifest could be checked.</summary>
    NothingToVerify,
    /// <summary>The load's temporary files could not be written or read back (disk full, I/O error, damaged temporary data).</summary>
    Staging,
}

public sealed class SnapshotLoadException(SnapshotLoadError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public SnapshotLoadError Error { get; } = error;
}
