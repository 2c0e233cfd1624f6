namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// A snapshot archive, manifest, status cache or accounts file that cannot be read, with the reason
/// (<see cref="Error"/>), the archive entry involved and the byte offset inside it when known.
/// </summary>
public sealed class SnapshotFormatException : Exception
{
    public SnapshotFormatException(SnapshotError error, string message, string? entry = null, long? offset = null, Exception? inner = null)
        : base(Compose(error, message, entry, offset), inner)
    {
        Error = error;
        Entry = entry;
        Offset = offset;
    }

    public SnapshotError Error { get; }

    /// <summary>The archive entry (e.g. <c>accounts/100.3</c>) where the problem is, if any.</summary>
    public string? Entry { get; }

    /// <summary>Offset inside <see cref="Entry"/> (or the decoded structure) where the problem is, if known.</summary>
    public long? Offset { get; }

    private static string Compose(SnapshotError error, string message, string? entry, long? offset)
    {
        var where = entry == null ? "" : offset is { } o ? $" [{entry} @ {o}]" : $" [{entry}]";
        return $"snapshot {error}: {message}{where}";
    }
}
