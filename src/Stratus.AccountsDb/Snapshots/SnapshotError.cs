namespace Stratus.AccountsDb.Snapshots;

/// <summary>What was wrong with a snapshot archive.</summary>
public enum SnapshotError
{
    /// <summary>Reading the archive file failed (I/O error).</summary>
    Io,

    /// <summary>The compression layer rejected the data (bad zstd frame, checksum, ...); see the inner exception.</summary>
    Compression,

    /// <summary>The archive ended early: inside the compressed stream, a tar header or an entry's data.</summary>
    Truncated,

    /// <summary>The tar layer is malformed (bad header checksum, size field, ...).</summary>
    Tar,

    /// <summary>Not a zstd, gzip or plain tar stream (bzip2 and lz4 archives are not supported).</summary>
    UnsupportedCompression,

    /// <summary>An entry whose path or type a snapshot archive may not contain.</summary>
    UnexpectedEntry,

    /// <summary>The same file appears twice.</summary>
    DuplicateEntry,

    /// <summary>An entry is larger than Stratus can hold in memory or than the format allows.</summary>
    EntryTooLarge,

    /// <summary>No <c>version</c> file before the accounts files.</summary>
    MissingVersion,

    /// <summary>The version file is not "1.2.0".</summary>
    UnsupportedVersion,

    /// <summary>No manifest (<c>snapshots/&lt;slot&gt;/&lt;slot&gt;</c>) before the accounts files, or more than one.</summary>
    MissingManifest,

    /// <summary>The manifest does not decode, or its directory name disagrees with its slot.</summary>
    Manifest,

    /// <summary>No <c>snapshots/status_cache</c> before the accounts files.</summary>
    MissingStatusCache,

    /// <summary>The status cache does not decode.</summary>
    StatusCache,

    /// <summary>An accounts file the manifest does not list.</summary>
    UnlistedAccountsFile,

    /// <summary>An accounts file the manifest lists (for a slot this archive must hold) is absent.</summary>
    MissingAccountsFile,

    /// <summary>An accounts file is empty, over 16 GiB, or shorter than the manifest's accounts_current_len.</summary>
    AccountsFileSize,

    /// <summary>An account record in an accounts file is malformed or runs past the valid length.</summary>
    AccountsFileRecord,
}
