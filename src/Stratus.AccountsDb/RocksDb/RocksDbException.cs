namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// An error status returned by RocksDB through the C API's <c>errptr</c>. The message is RocksDB's own
/// status string (for example <c>IO error: While lock file: /db/LOCK: Resource temporarily unavailable</c>),
/// optionally prefixed with the operation that failed.
/// </summary>
public sealed class RocksDbException : Exception
{
    public RocksDbException(string message, string status) : base(message) => Status = status;

    /// <summary>RocksDB's status string, without our operation prefix.</summary>
    public string Status { get; }

    /// <summary>The status code word RocksDB put first ("IO error", "Corruption", "Invalid argument", ...), if any.</summary>
    public string Code
    {
        get
        {
            var colon = Status.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? Status[..colon] : Status;
        }
    }

    /// <summary>Throws when <paramref name="errptr"/> is set, freeing the native string first.</summary>
    internal static void ThrowIfError(nint errptr, string operation)
    {
        if (errptr != 0) Throw(errptr, operation);
    }

    private static void Throw(nint errptr, string operation)
    {
        var status = RocksDbNative.TakeString(errptr) ?? "unknown error";
        throw new RocksDbException($"RocksDB {operation} failed: {status}", status);
    }
}
