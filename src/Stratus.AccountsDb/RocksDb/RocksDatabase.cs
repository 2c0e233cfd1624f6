using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// An open RocksDB database with its column families. Thread-safe for reads and writes. Disposing closes the
/// column families and then the database; the native close is deferred while iterators or snapshots created
/// from it are alive, and any later call through this object throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed unsafe class RocksDatabase : IDisposable
{
    private readonly DbHandle _db;
    private readonly OptionsHandle _options;
    private readonly CacheHandle? _cache;
    private readonly WriteOptionsHandle _writeOptions;
    private readonly ReadOptionsHandle _readOptions;
    private readonly Dictionary<string, ColumnFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _familiesLock = new();
    private volatile bool _disposed;

    private RocksDatabase(string path, RocksDbOptions settings, DbHandle db, OptionsHandle options, CacheHandle? cache)
    {
        Path = path;
        Settings = settings;
        _db = db;
        _options = options;
        _cache = cache;
        _writeOptions = NativeOptions.BuildWriteOptions(settings);
        _readOptions = ReadOptionsHandle.Create(snapshot: null, fillCache: true, verifyChecksums: settings.VerifyPointReadChecksums);
    }

    public string Path { get; }
    public RocksDbOptions Settings { get; }

    public const string DefaultColumnFamilyName = "default";

    public ColumnFamily DefaultColumnFamily => GetColumnFamily(DefaultColumnFamilyName);

    public IReadOnlyCollection<ColumnFamily> ColumnFamilies
    {
        get
        {
            lock (_familiesLock) return _families.Values.ToArray();
        }
    }

    /// <summary>
    /// Opens (or creates) the database at <paramref name="path"/> with the given column families plus every
    /// family already in it; missing families are created when <see cref="RocksDbOptions.CreateMissingColumnFamilies"/>.
    /// </summary>
    public static RocksDatabase Open(string path, RocksDbOptions? options = null, params IEnumerable<ColumnFamilyDescriptor> columnFamilies)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeLibraries.EnsureRocksDb();
        options ??= new RocksDbOptions();
        path = System.IO.Path.GetFullPath(path);

        var descriptors = new List<ColumnFamilyDescriptor> { new(DefaultColumnFamilyName) };
        foreach (var d in columnFamilies)
        {
            var i = descriptors.FindIndex(x => x.Name == d.Name);
            if (i >= 0) descriptors[i] = d;
            else descriptors.Add(d);
        }
        // A directory without CURRENT holds no database yet (RocksDB would report "No such file").
        if (File.Exists(System.IO.Path.Combine(path, "CURRENT")))
            foreach (var existing in ListColumnFamilies(path))
                if (descriptors.TrueForAll(x => x.Name != existing)) descriptors.Add(new ColumnFamilyDescriptor(existing));

        var cache = options.BlockCacheSize > 0 ? CacheHandle.CreateLru(options.BlockCacheSize) : null;
        var dbOptions = NativeOptions.Build(options, descriptors[0].Options, cache);
        var cfOptions = new OptionsHandle[descriptors.Count];
        var names = new nint[descriptors.Count];
        RocksDatabase? database = null;
        try
        {
            for (var i = 0; i < descriptors.Count; i++)
            {
                cfOptions[i] = NativeOptions.Build(options, descriptors[i].Options, cache);
                names[i] = Marshal.StringToCoTaskMemUTF8(descriptors[i].Name);
            }
            var cfOptionPtrs = new nint[descriptors.Count];
            for (var i = 0; i < descriptors.Count; i++) cfOptionPtrs[i] = cfOptions[i].DangerousGetHandle();
            var cfHandles = new nint[descriptors.Count];
            var pathBytes = Utf8Z(path);
            nint err = 0;
            nint native;
            fixed (byte* p = pathBytes)
            fixed (nint* n = names)
            fixed (nint* co = cfOptionPtrs)
            fixed (nint* ch = cfHandles)
                native = RocksDbNative.rocksdb_open_column_families(dbOptions.DangerousGetHandle(), p, descriptors.Count,
                    (byte**)n, co, ch, &err);
            RocksDbException.ThrowIfError(err, $"open of '{path}'");

            var db = new DbHandle();
            db.Attach(native);
            database = new RocksDatabase(path, options, db, dbOptions, cache);
            for (var i = 0; i < descriptors.Count; i++)
                database._families.Add(descriptors[i].Name, database.WrapFamily(descriptors[i].Name, cfHandles[i]));
            return database;
        }
        catch
        {
            if (database != null) database.Dispose(); // owns the options and cache from here on
            else
            {
                dbOptions.Dispose();
                cache?.Dispose();
            }
            throw;
        }
        finally
        {
            // The database copied the per-family options; only the database options are kept (statistics live there).
            foreach (var o in cfOptions) o?.Dispose();
            foreach (var n in names) Marshal.FreeCoTaskMem(n);
        }
    }

    /// <summary>The column families stored in the database at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> ListColumnFamilies(string path)
    {
        NativeLibraries.EnsureRocksDb();
        using var options = OptionsHandle.Create();
        var pathBytes = Utf8Z(System.IO.Path.GetFullPath(path));
        nuint count = 0;
        nint err = 0;
        byte** list;
        fixed (byte* p = pathBytes)
            list = RocksDbNative.rocksdb_list_column_families(options.DangerousGetHandle(), p, &count, &err);
        RocksDbException.ThrowIfError(err, $"list column families of '{path}'");
        try
        {
            var result = new string[(int)count];
            for (var i = 0; i < result.Length; i++) result[i] = Marshal.PtrToStringUTF8((nint)list[i])!;
            return result;
        }
        finally
        {
            RocksDbNative.rocksdb_list_column_families_destroy(list, count);
        }
    }

    public ColumnFamily GetColumnFamily(string name)
    {
        if (TryGetColumnFamily(name, out var cf)) return cf;
        throw new KeyNotFoundException($"column family '{name}' is not open in '{Path}'");
    }

    public bool TryGetColumnFamily(string name, [NotNullWhen(true)] out ColumnFamily? family)
    {
        ThrowIfDisposed();
        lock (_familiesLock) return _families.TryGetValue(name, out family);
    }

    public ColumnFamily CreateColumnFamily(string name, ColumnFamilyOptions? options = null)
    {
        ThrowIfDisposed();
        lock (_familiesLock)
        {
            if (_families.ContainsKey(name)) throw new ArgumentException($"column family '{name}' already exists", nameof(name));
            using var cfOptions = NativeOptions.Build(Settings, options, _cache);
            nint err = 0;
            nint native;
            fixed (byte* n = Utf8Z(name))
                native = RocksDbNative.rocksdb_create_column_family(_db, cfOptions.DangerousGetHandle(), n, &err);
            RocksDbException.ThrowIfError(err, $"create column family '{name}'");
            var family = WrapFamily(name, native);
            _families.Add(name, family);
            return family;
        }
    }

    /// <summary>Drops the family's data and closes it.</summary>
    public void DropColumnFamily(ColumnFamily family)
    {
        CheckFamily(family);
        if (family.Name == DefaultColumnFamilyName) throw new ArgumentException("the default column family cannot be dropped", nameof(family));
        lock (_familiesLock)
        {
            nint err = 0;
            RocksDbNative.rocksdb_drop_column_family(_db, family.Handle, &err);
            RocksDbException.ThrowIfError(err, $"drop column family '{family.Name}'");
            _families.Remove(family.Name);
            family.Handle.Dispose();
        }
    }

    // ---- writes ----

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Put(DefaultColumnFamily, key, value);

    public void Put(ColumnFamily family, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        CheckFamily(family);
        nint err = 0;
        fixed (byte* k = key)
        fixed (byte* v = value)
            RocksDbNative.rocksdb_put_cf(_db, _writeOptions, family.Handle, k, (nuint)key.Length, v, (nuint)value.Length, &err);
        RocksDbException.ThrowIfError(err, "put");
    }

    public void Delete(ReadOnlySpan<byte> key) => Delete(DefaultColumnFamily, key);

    public void Delete(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        CheckFamily(family);
        nint err = 0;
        fixed (byte* k = key)
            RocksDbNative.rocksdb_delete_cf(_db, _writeOptions, family.Handle, k, (nuint)key.Length, &err);
        RocksDbException.ThrowIfError(err, "delete");
    }

    /// <summary>Deletes every key in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public void DeleteRange(ColumnFamily family, ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        CheckFamily(family);
        nint err = 0;
        fixed (byte* s = start)
        fixed (byte* e = end)
            RocksDbNative.rocksdb_delete_range_cf(_db, _writeOptions, family.Handle, s, (nuint)start.Length, e, (nuint)end.Length, &err);
        RocksDbException.ThrowIfError(err, "delete range");
    }

    /// <summary>Applies every operation of <paramref name="batch"/> atomically.</summary>
    public void Write(WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        if (batch.Database != null && batch.Database != this)
            throw new ArgumentException("the batch holds column families of another database", nameof(batch));
        nint err = 0;
        RocksDbNative.rocksdb_write(_db, _writeOptions, batch.Handle, &err);
        RocksDbException.ThrowIfError(err, "write batch");
    }

    // ---- reads ----

    /// <summary>A copy of the value, or null when the key is absent.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key) => Get(DefaultColumnFamily, key);

    /// <summary>A copy of the value, or null when the key is absent.</summary>
    public byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        CheckFamily(family);
        return GetCore(_readOptions, family, key);
    }

    /// <summary>
    /// Copies the value into <paramref name="destination"/> without allocating. Returns the value's length, or -1 when
    /// the key is absent; when the length exceeds the destination nothing is copied (retry with a larger buffer).
    /// </summary>
    public int Get(ColumnFamily family, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        CheckFamily(family);
        return GetCore(_readOptions, family, key, destination);
    }

    /// <summary>
    /// Calls <paramref name="reader"/> with the value pinned in RocksDB's memory (no copy); the span is only valid
    /// during the call. Returns false (without calling) when the key is absent.
    /// </summary>
    public bool TryRead<TState>(ColumnFamily family, ReadOnlySpan<byte> key, TState state, ReadOnlySpanAction<byte, TState> reader)
        where TState : allows ref struct
    {
        CheckFamily(family);
        return TryReadCore(_readOptions, family, key, state, reader);
    }

    public bool ContainsKey(ColumnFamily family, ReadOnlySpan<byte> key) => Get(family, key, Span<byte>.Empty) >= 0;

    public RocksDbIterator NewIterator(IteratorOptions? options = null) => NewIterator(DefaultColumnFamily, options);

    public RocksDbIterator NewIterator(ColumnFamily family, IteratorOptions? options = null)
    {
        CheckFamily(family);
        var snapshot = options?.Snapshot;
        if (snapshot != null && snapshot.Database != this)
            throw new ArgumentException("the snapshot belongs to another database", nameof(options));
        var readOptions = ReadOptionsHandle.Create(snapshot?.Handle, options?.FillCache ?? true, options?.VerifyChecksums ?? true);
        try
        {
            readOptions.SetBounds(options?.LowerBound, options?.UpperBound);
            if (options?.ReadaheadSize is { } readahead)
                RocksDbNative.rocksdb_readoptions_set_readahead_size(readOptions.DangerousGetHandle(), (nuint)readahead);
            return RocksDbIterator.Create(_db, family.Handle, readOptions);
        }
        finally
        {
            // The iterator holds its own reference; the options are freed when it is.
            readOptions.Dispose();
        }
    }

    /// <summary>A consistent point-in-time view; dispose it to let compaction drop the versions it pins.</summary>
    public RocksDbSnapshot CreateSnapshot()
    {
        ThrowIfDisposed();
        return new RocksDbSnapshot(this, SnapshotHandle.Create(_db));
    }

    // ---- maintenance ----

    /// <summary>Flushes the memtable of <paramref name="family"/>, or of every family when null.</summary>
    public void Flush(ColumnFamily? family = null, bool wait = true)
    {
        ThrowIfDisposed();
        var targets = family != null ? [family] : ColumnFamilies;
        var flushOptions = RocksDbNative.rocksdb_flushoptions_create();
        try
        {
            RocksDbNative.rocksdb_flushoptions_set_wait(flushOptions, RocksDbNative.Bool(wait));
            foreach (var cf in targets)
            {
                CheckFamily(cf);
                nint err = 0;
                RocksDbNative.rocksdb_flush_cf(_db, flushOptions, cf.Handle, &err);
                RocksDbException.ThrowIfError(err, $"flush of '{cf.Name}'");
            }
        }
        finally
        {
            RocksDbNative.rocksdb_flushoptions_destroy(flushOptions);
        }
    }

    public void FlushWal(bool sync)
    {
        ThrowIfDisposed();
        nint err = 0;
        RocksDbNative.rocksdb_flush_wal(_db, RocksDbNative.Bool(sync), &err);
        RocksDbException.ThrowIfError(err, "WAL flush");
    }

    /// <summary>Compacts keys in [<paramref name="start"/>, <paramref name="limit"/>]; null ends mean unbounded.</summary>
    public void CompactRange(ColumnFamily family, byte[]? start = null, byte[]? limit = null)
    {
        CheckFamily(family);
        fixed (byte* s = start)
        fixed (byte* l = limit)
            RocksDbNative.rocksdb_compact_range_cf(_db, family.Handle, start == null ? null : s, (nuint)(start?.Length ?? 0),
                limit == null ? null : l, (nuint)(limit?.Length ?? 0));
    }

    /// <summary>
    /// Adds finished SST files (sorted, e.g. from <see cref="SstFileWriter"/>) to <paramref name="family"/> in one atomic step.
    /// </summary>
    public void IngestExternalFiles(ColumnFamily family, IReadOnlyList<string> files, IngestOptions? options = null)
    {
        CheckFamily(family);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new IngestOptions();
        var paths = new nint[files.Count];
        var ingest = RocksDbNative.rocksdb_ingestexternalfileoptions_create();
        try
        {
            for (var i = 0; i < paths.Length; i++) paths[i] = Marshal.StringToCoTaskMemUTF8(System.IO.Path.GetFullPath(files[i]));
            RocksDbNative.rocksdb_ingestexternalfileoptions_set_move_files(ingest, RocksDbNative.Bool(options.MoveFiles));
            RocksDbNative.rocksdb_ingestexternalfileoptions_set_snapshot_consistency(ingest, RocksDbNative.Bool(options.SnapshotConsistency));
            RocksDbNative.rocksdb_ingestexternalfileoptions_set_allow_global_seqno(ingest, RocksDbNative.Bool(options.AllowGlobalSeqNo));
            RocksDbNative.rocksdb_ingestexternalfileoptions_set_allow_blocking_flush(ingest, RocksDbNative.Bool(options.AllowBlockingFlush));
            RocksDbNative.rocksdb_ingestexternalfileoptions_set_ingest_behind(ingest, RocksDbNative.Bool(options.IngestBehind));
            nint err = 0;
            fixed (nint* p = paths)
                RocksDbNative.rocksdb_ingest_external_file_cf(_db, family.Handle, (byte**)p, (nuint)paths.Length, ingest, &err);
            RocksDbException.ThrowIfError(err, $"ingest of {files.Count} file(s) into '{family.Name}'");
        }
        finally
        {
            RocksDbNative.rocksdb_ingestexternalfileoptions_destroy(ingest);
            foreach (var p in paths) Marshal.FreeCoTaskMem(p);
        }
    }

    /// <summary>A RocksDB property such as <c>rocksdb.estimate-num-keys</c> or <c>rocksdb.stats</c>; null when unknown.</summary>
    public string? GetProperty(string name, ColumnFamily? family = null)
    {
        family ??= DefaultColumnFamily;
        CheckFamily(family);
        fixed (byte* n = Utf8Z(name))
            return RocksDbNative.TakeString(RocksDbNative.rocksdb_property_value_cf(_db, family.Handle, n));
    }

    /// <summary>An integer property such as <c>rocksdb.estimate-num-keys</c>; null when unknown or not an integer.</summary>
    public ulong? GetIntProperty(string name, ColumnFamily? family = null)
    {
        family ??= DefaultColumnFamily;
        CheckFamily(family);
        ulong value;
        int rc;
        fixed (byte* n = Utf8Z(name))
            rc = RocksDbNative.rocksdb_property_int_cf(_db, family.Handle, n, &value);
        return rc == 0 ? value : null;
    }

    /// <summary>RocksDB's statistics dump (tickers and histograms); null unless <see cref="RocksDbOptions.EnableStatistics"/>.</summary>
    public string? GetStatistics()
    {
        ThrowIfDisposed();
        return RocksDbNative.TakeString(RocksDbNative.rocksdb_options_statistics_get_string(_options));
    }

    public ulong LatestSequenceNumber
    {
        get
        {
            ThrowIfDisposed();
            return RocksDbNative.rocksdb_get_latest_sequence_number(_db);
        }
    }

    /// <summary>Bytes held in the shared block cache (0 without one).</summary>
    public ulong BlockCacheUsage
    {
        get
        {
            ThrowIfDisposed();
            return _cache == null ? 0 : RocksDbNative.rocksdb_cache_get_usage(_cache);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_familiesLock)
        {
            foreach (var family in _families.Values) family.Handle.Dispose();
            _families.Clear();
        }
        _readOptions.Dispose();
        _writeOptions.Dispose();
        _db.Dispose();
        _options.Dispose();
        _cache?.Dispose();
    }

    // ---- shared with snapshots ----

    internal byte[]? GetCore(ReadOptionsHandle readOptions, ColumnFamily family, ReadOnlySpan<byte> key)
    {
        using var pinned = GetPinned(readOptions, family, key);
        return pinned.Found ? pinned.Value.ToArray() : null;
    }

    internal int GetCore(ReadOptionsHandle readOptions, ColumnFamily family, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        using var pinned = GetPinned(readOptions, family, key);
        if (!pinned.Found) return -1;
        var value = pinned.Value;
        if (value.Length <= destination.Length) value.CopyTo(destination);
        return value.Length;
    }

    internal bool TryReadCore<TState>(ReadOptionsHandle readOptions, ColumnFamily family, ReadOnlySpan<byte> key, TState state,
        ReadOnlySpanAction<byte, TState> reader) where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var pinned = GetPinned(readOptions, family, key);
        if (!pinned.Found) return false;
        reader(pinned.Value, state);
        return true;
    }

    internal void CheckFamily(ColumnFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        ThrowIfDisposed();
        if (family.Database != this) throw new ArgumentException($"column family '{family.Name}' belongs to another database", nameof(family));
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private PinnedSlice GetPinned(ReadOptionsHandle readOptions, ColumnFamily family, ReadOnlySpan<byte> key)
    {
        nint err = 0;
        nint slice;
        fixed (byte* k = key)
            slice = RocksDbNative.rocksdb_get_pinned_cf(_db, readOptions, family.Handle, k, (nuint)key.Length, &err);
        RocksDbException.ThrowIfError(err, "get");
        return new PinnedSlice(slice);
    }

    /// <summary>A value pinned in RocksDB's memory (no copy) until disposed; not found when the key is absent.</summary>
    private readonly ref struct PinnedSlice(nint slice)
    {
        public bool Found => slice != 0;

        public ReadOnlySpan<byte> Value
        {
            get
            {
                nuint length;
                var p = RocksDbNative.rocksdb_pinnableslice_value(slice, &length);
                return new ReadOnlySpan<byte>(p, checked((int)length));
            }
        }

        public void Dispose()
        {
            if (slice != 0) RocksDbNative.rocksdb_pinnableslice_destroy(slice);
        }
    }

    private ColumnFamily WrapFamily(string name, nint native)
    {
        var handle = new ColumnFamilyHandle();
        RocksDbHandle.AddRef(_db);
        handle.Attach(native, _db);
        return new ColumnFamily(this, name, handle);
    }

    internal static byte[] Utf8Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
