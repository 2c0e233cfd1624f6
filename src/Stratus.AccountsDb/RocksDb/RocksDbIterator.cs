namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// A cursor over one column family, in key order. <see cref="Key"/> and <see cref="Value"/> point into RocksDB's
/// memory and stay valid only until the next move or Dispose. Keeps its column family and database open
/// until disposed. Not thread-safe.
/// </summary>
public sealed unsafe class RocksDbIterator : IDisposable
{
    private readonly IteratorHandle _handle;
    private bool _valid;

    private RocksDbIterator(IteratorHandle handle) => _handle = handle;

    internal static RocksDbIterator Create(DbHandle db, ColumnFamilyHandle family, ReadOptionsHandle readOptions)
    {
        var handle = new IteratorHandle();
        RocksDbHandle.AddRef(family);
        try
        {
            RocksDbHandle.AddRef(readOptions);
        }
        catch
        {
            family.DangerousRelease();
            throw;
        }
        nint native;
        try
        {
            native = RocksDbNative.rocksdb_create_iterator_cf(db, readOptions, family);
        }
        catch
        {
            readOptions.DangerousRelease();
            family.DangerousRelease();
            throw;
        }
        // The read options must outlive the iterator (it keeps pointers to its bounds and snapshot).
        handle.Attach(native, family, readOptions);
        return new RocksDbIterator(handle);
    }

    /// <summary>Whether the iterator is on an entry. A move that ends on an error throws instead of leaving it invalid silently.</summary>
    public bool Valid => _valid;

    public void SeekToFirst()
    {
        RocksDbNative.rocksdb_iter_seek_to_first(_handle);
        Update();
    }

    public void SeekToLast()
    {
        RocksDbNative.rocksdb_iter_seek_to_last(_handle);
        Update();
    }

    /// <summary>Moves to the first key at or after <paramref name="key"/>.</summary>
    public void Seek(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key) RocksDbNative.rocksdb_iter_seek(_handle, k, (nuint)key.Length);
        Update();
    }

    /// <summary>Moves to the last key at or before <paramref name="key"/>.</summary>
    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key) RocksDbNative.rocksdb_iter_seek_for_prev(_handle, k, (nuint)key.Length);
        Update();
    }

    public void Next()
    {
        RequireValid();
        RocksDbNative.rocksdb_iter_next(_handle);
        Update();
    }

    public void Prev()
    {
        RequireValid();
        RocksDbNative.rocksdb_iter_prev(_handle);
        Update();
    }

    public ReadOnlySpan<byte> Key
    {
        get
        {
            RequireValid();
            nuint length;
            var p = RocksDbNative.rocksdb_iter_key(_handle, &length);
            return new ReadOnlySpan<byte>(p, checked((int)length));
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            RequireValid();
            nuint length;
            var p = RocksDbNative.rocksdb_iter_value(_handle, &length);
            return new ReadOnlySpan<byte>(p, checked((int)length));
        }
    }

    public void Dispose()
    {
        _valid = false;
        _handle.Dispose();
    }

    private void Update()
    {
        _valid = RocksDbNative.rocksdb_iter_valid(_handle) != 0;
        if (_valid) return;
        nint err = 0;
        RocksDbNative.rocksdb_iter_get_error(_handle, &err);
        RocksDbException.ThrowIfError(err, "iteration");
    }

    private void RequireValid()
    {
        // RocksDB asserts on key/value/next/prev of an invalid iterator (undefined behaviour in release builds).
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (!_valid) throw new InvalidOperationException("the iterator is not positioned on an entry");
    }
}
