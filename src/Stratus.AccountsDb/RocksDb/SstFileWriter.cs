using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// Writes a sorted SST file for <see cref="RocksDatabase.IngestExternalFiles"/>. Keys must be added in strictly
/// increasing byte order; an out-of-order key throws <see cref="RocksDbException"/> (RocksDB's "Invalid argument:
/// Keys must be added in strict ascending order"). Not thread-safe.
/// </summary>
public sealed unsafe class SstFileWriter : IDisposable
{
    private readonly SstFileWriterHandle _handle;
    private bool _finished;

    private SstFileWriter(SstFileWriterHandle handle, string path)
    {
        _handle = handle;
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>Entries added so far.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Creates the file at <paramref name="path"/>. Use the same settings as the target column family so block
    /// size, compression and filters match the rest of its data.
    /// </summary>
    public static SstFileWriter Create(string path, RocksDbOptions? options = null, ColumnFamilyOptions? family = null)
    {
        NativeLibraries.EnsureRocksDb();
        path = System.IO.Path.GetFullPath(path);
        // The writer copies the options it needs; no block cache is involved in writing.
        using var nativeOptions = NativeOptions.Build(options ?? new RocksDbOptions(), family, cache: null);
        var env = RocksDbNative.rocksdb_envoptions_create();
        var handle = new SstFileWriterHandle();
        try
        {
            handle.Attach(RocksDbNative.rocksdb_sstfilewriter_create(env, nativeOptions.DangerousGetHandle()));
        }
        finally
        {
            RocksDbNative.rocksdb_envoptions_destroy(env);
        }
        try
        {
            nint err = 0;
            fixed (byte* p = RocksDatabase.Utf8Z(path))
                RocksDbNative.rocksdb_sstfilewriter_open(handle, p, &err);
            RocksDbException.ThrowIfError(err, $"SST writer open of '{path}'");
            return new SstFileWriter(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        RequireOpen();
        nint err = 0;
        fixed (byte* k = key)
        fixed (byte* v = value)
            RocksDbNative.rocksdb_sstfilewriter_put(_handle, k, (nuint)key.Length, v, (nuint)value.Length, &err);
        RocksDbException.ThrowIfError(err, "SST put");
        Count++;
    }

    /// <summary>Writes a deletion marker (a tombstone that hides the key in older data when ingested).</summary>
    public void Delete(ReadOnlySpan<byte> key)
    {
        RequireOpen();
        nint err = 0;
        fixed (byte* k = key)
            RocksDbNative.rocksdb_sstfilewriter_delete(_handle, k, (nuint)key.Length, &err);
        RocksDbException.ThrowIfError(err, "SST delete");
        Count++;
    }

    /// <summary>Completes the file and returns its size in bytes. A writer with no entries cannot be finished.</summary>
    public ulong Finish()
    {
        RequireOpen();
        nint err = 0;
        RocksDbNative.rocksdb_sstfilewriter_finish(_handle, &err);
        RocksDbException.ThrowIfError(err, $"SST finish of '{FilePath}'");
        _finished = true;
        return FileSize;
    }

    /// <summary>Current size of the file in bytes.</summary>
    public ulong FileSize
    {
        get
        {
            ulong size;
            RocksDbNative.rocksdb_sstfilewriter_file_size(_handle, &size);
            return size;
        }
    }

    public void Dispose() => _handle.Dispose();

    private void RequireOpen()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (_finished) throw new InvalidOperationException($"the SST file '{FilePath}' is already finished");
    }
}
