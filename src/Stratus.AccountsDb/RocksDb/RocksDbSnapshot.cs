using System.Buffers;

namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// A consistent, read-only view of a <see cref="RocksDatabase"/> as of its creation: later writes are invisible
/// through it. Keeps the database open until disposed.
/// </summary>
public sealed class RocksDbSnapshot : IDisposable
{
    private readonly ReadOptionsHandle _readOptions;

    internal RocksDbSnapshot(RocksDatabase database, SnapshotHandle handle)
    {
        Database = database;
        Handle = handle;
        _readOptions = ReadOptionsHandle.Create(handle);
    }

    public RocksDatabase Database { get; }
    internal SnapshotHandle Handle { get; }

    public byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        Database.CheckFamily(family);
        return Database.GetCore(_readOptions, family, key);
    }

    /// <inheritdoc cref="RocksDatabase.Get(ColumnFamily, ReadOnlySpan{byte}, Span{byte})"/>
    public int Get(ColumnFamily family, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        Database.CheckFamily(family);
        return Database.GetCore(_readOptions, family, key, destination);
    }

    /// <inheritdoc cref="RocksDatabase.TryRead{TState}"/>
    public bool TryRead<TState>(ColumnFamily family, ReadOnlySpan<byte> key, TState state, ReadOnlySpanAction<byte, TState> reader)
        where TState : allows ref struct
    {
        Database.CheckFamily(family);
        return Database.TryReadCore(_readOptions, family, key, state, reader);
    }

    public RocksDbIterator NewIterator(ColumnFamily family, IteratorOptions? options = null) =>
        Database.NewIterator(family, (options ?? new IteratorOptions()) with { Snapshot = this });

    public void Dispose()
    {
        _readOptions.Dispose();
        Handle.Dispose();
    }
}
