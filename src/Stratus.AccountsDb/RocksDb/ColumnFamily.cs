namespace Stratus.AccountsDb.RocksDb;

/// <summary>An open column family of one <see cref="RocksDatabase"/>; closed together with it.</summary>
public sealed class ColumnFamily
{
    internal ColumnFamily(RocksDatabase database, string name, ColumnFamilyHandle handle)
    {
        Database = database;
        Name = name;
        Handle = handle;
    }

    public RocksDatabase Database { get; }
    public string Name { get; }
    internal ColumnFamilyHandle Handle { get; }

    public override string ToString() => Name;
}
