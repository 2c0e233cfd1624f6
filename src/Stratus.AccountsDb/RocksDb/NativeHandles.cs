using System.Runtime.InteropServices;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// Base of every RocksDB native object we own. A handle may keep other handles alive ("parents"): it takes a
/// reference on them when attached and drops it only after its own native object is destroyed, so native
/// objects are always destroyed children-first (iterator before column family before database), whatever
/// order Dispose or the finalizer runs in. Calls through a closed handle throw ObjectDisposedException.
/// </summary>
internal abstract class RocksDbHandle : OwnedHandle
{
    private SafeHandle? _parent1;
    private SafeHandle? _parent2;

    /// <summary>Takes ownership of <paramref name="native"/>; the parents must already hold a reference taken by <see cref="AddRef"/>.</summary>
    internal void Attach(nint native, SafeHandle? parent1 = null, SafeHandle? parent2 = null)
    {
        _parent1 = parent1;
        _parent2 = parent2;
        SetHandle(native);
    }

    /// <summary>Adds a reference to <paramref name="parent"/> (throws ObjectDisposedException when it is closed).</summary>
    internal static void AddRef(SafeHandle parent)
    {
        var added = false;
        parent.DangerousAddRef(ref added);
    }

    protected sealed override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        _parent1?.DangerousRelease();
        _parent2?.DangerousRelease();
        return true;
    }
}

internal sealed class DbHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_close(native);
}

internal sealed class OptionsHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_options_destroy(native);

    internal static OptionsHandle Create() =>
        Create<OptionsHandle>(RocksDbNative.rocksdb_options_create, nameof(RocksDbNative.rocksdb_options_create));
}

internal sealed class WriteOptionsHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_writeoptions_destroy(native);

    internal static WriteOptionsHandle Create() =>
        Create<WriteOptionsHandle>(RocksDbNative.rocksdb_writeoptions_create, nameof(RocksDbNative.rocksdb_writeoptions_create));
}

/// <summary>
/// Read options, optionally pinned to a snapshot. The C API keeps only a pointer to iterate bounds, so the
/// bound bytes are copied into native memory owned (and freed) by this handle.
/// </summary>
internal sealed class ReadOptionsHandle : RocksDbHandle
{
    private unsafe byte* _lowerBound;
    private unsafe byte* _upperBound;

    protected override unsafe void Destroy(nint native)
    {
        RocksDbNative.rocksdb_readoptions_destroy(native);
        NativeMemory.Free(_lowerBound);
        NativeMemory.Free(_upperBound);
        _lowerBound = null;
        _upperBound = null;
    }

    /// <summary>Creates read options; with a snapshot they hold a reference on it until destroyed.</summary>
    internal static unsafe ReadOptionsHandle Create(SnapshotHandle? snapshot, bool fillCache = true, bool verifyChecksums = true)
    {
        var h = new ReadOptionsHandle();
        if (snapshot != null) AddRef(snapshot);
        var native = RocksDbNative.rocksdb_readoptions_create();
        h.Attach(native, snapshot);
        if (snapshot != null) RocksDbNative.rocksdb_readoptions_set_snapshot(native, snapshot.DangerousGetHandle());
        if (!fillCache) RocksDbNative.rocksdb_readoptions_set_fill_cache(native, 0);
        if (!verifyChecksums) RocksDbNative.rocksdb_readoptions_set_verify_checksums(native, 0);
        return h;
    }

    /// <summary>Sets the iterate bounds; only before any iterator uses these options.</summary>
    internal unsafe void SetBounds(byte[]? lower, byte[]? upper)
    {
        var native = DangerousGetHandle();
        if (lower != null)
        {
            _lowerBound = Copy(lower);
            RocksDbNative.rocksdb_readoptions_set_iterate_lower_bound(native, _lowerBound, (nuint)lower.Length);
        }
        if (upper != null)
        {
            _upperBound = Copy(upper);
            RocksDbNative.rocksdb_readoptions_set_iterate_upper_bound(native, _upperBound, (nuint)upper.Length);
        }
    }

    private static unsafe byte* Copy(byte[] bytes)
    {
        // One extra byte so a zero-length bound still has a distinct, non-null address.
        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.AsSpan().CopyTo(new Span<byte>(p, bytes.Length));
        return p;
    }
}

internal sealed class ColumnFamilyHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_column_family_handle_destroy(native);
}

internal sealed class SnapshotHandle : RocksDbHandle
{
    private DbHandle? _db;

    protected override void Destroy(nint native) =>
        // The database handle is referenced as parent, so it is still open here.
        RocksDbNative.rocksdb_release_snapshot(_db!.DangerousGetHandle(), native);

    internal static SnapshotHandle Create(DbHandle db)
    {
        var h = new SnapshotHandle();
        AddRef(db);
        try
        {
            h._db = db;
            h.Attach(RocksDbNative.rocksdb_create_snapshot(db.DangerousGetHandle()), db);
            return h;
        }
        catch
        {
            db.DangerousRelease();
            throw;
        }
    }
}

internal sealed class IteratorHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_iter_destroy(native);
}

internal sealed class WriteBatchHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_writebatch_destroy(native);

    internal static WriteBatchHandle Create() =>
        Create<WriteBatchHandle>(RocksDbNative.rocksdb_writebatch_create, nameof(RocksDbNative.rocksdb_writebatch_create));
}

internal sealed class SstFileWriterHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_sstfilewriter_destroy(native);
}

internal sealed class CacheHandle : RocksDbHandle
{
    protected override void Destroy(nint native) => RocksDbNative.rocksdb_cache_destroy(native);

    internal static CacheHandle CreateLru(ulong capacity) =>
        Create<CacheHandle>(() => RocksDbNative.rocksdb_cache_create_lru((nuint)capacity), nameof(RocksDbNative.rocksdb_cache_create_lru));
}
