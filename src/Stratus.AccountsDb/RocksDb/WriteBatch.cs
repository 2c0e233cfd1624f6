namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// Puts and deletes, possibly across column families, applied atomically by <see cref="RocksDatabase.Write"/>.
/// The batch copies keys and values, so the spans may be reused right after each call. Not thread-safe.
/// </summary>
public sealed unsafe class WriteBatch : IDisposable
{
    public WriteBatch()
    {
        Native.NativeLibraries.EnsureRocksDb();
        Handle = WriteBatchHandle.Create();
    }

    internal WriteBatchHandle Handle { get; }

    /// <summary>The database whose column families this batch refers to (set by the first operation).</summary>
    internal RocksDatabase? Database { get; private set; }

    public int Count => RocksDbNative.rocksdb_writebatch_count(Handle);

    /// <summary>Size of the batch's serialized representation in bytes.</summary>
    public long DataSize
    {
        get
        {
            nuint size;
            RocksDbNative.rocksdb_writebatch_data(Handle, &size);
            return (long)size;
        }
    }

    public WriteBatch Put(ColumnFamily family, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Bind(family);
        fixed (byte* k = key)
        fixed (byte* v = value)
            RocksDbNative.rocksdb_writebatch_put_cf(Handle, family.Handle, k, (nuint)key.Length, v, (nuint)value.Length);
        return this;
    }

    public WriteBatch Delete(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        Bind(family);
        fixed (byte* k = key)
            RocksDbNative.rocksdb_writebatch_delete_cf(Handle, family.Handle, k, (nuint)key.Length);
        return this;
    }

    /// <summary>Deletes every key in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public WriteBatch DeleteRange(ColumnFamily family, ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        Bind(family);
        fixed (byte* s = start)
        fixed (byte* e = end)
            RocksDbNative.rocksdb_writebatch_delete_range_cf(Handle, family.Handle, s, (nuint)start.Length, e, (nuint)end.Length);
        return this;
    }

    public void Clear()
    {
        RocksDbNative.rocksdb_writebatch_clear(Handle);
        Database = null;
    }

    public void Dispose() => Handle.Dispose();

    private void Bind(ColumnFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        family.Database.ThrowIfDisposed();
        Database ??= family.Database;
        if (Database != family.Database)
            throw new ArgumentException("a batch cannot mix column families of different databases", nameof(family));
    }
}
