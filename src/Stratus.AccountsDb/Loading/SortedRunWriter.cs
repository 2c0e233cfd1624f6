using Stratus.AccountsDb.RocksDb;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Buffers fixed-length keys with values in a bounded <see cref="SortArena"/>; when it fills, sorts them, writes an
/// SST file and ingests it into the column family. Peak memory is the arena plus one entry per pair, whatever the
/// total. Keys must be unique (callers make them so).
/// </summary>
internal sealed class SortedRunWriter : IDisposable
{
    private readonly RocksDatabase _db;
    private readonly ColumnFamily _family;
    private readonly string _directory;
    private readonly RocksDbOptions _options;
    private readonly ColumnFamilyOptions? _fileOptions;
    private SortArena _arena;
    private int _files;

    public SortedRunWriter(RocksDatabase db, ColumnFamily family, string directory, int arenaBytes, int keyLength, RocksDbOptions options,
        ColumnFamilyOptions? fileOptions = null)
    {
        _db = db;
        _family = family;
        _directory = directory;
        _options = options;
        _fileOptions = fileOptions;
        _arena = new SortArena(arenaBytes, keyLength);
        Directory.CreateDirectory(directory);
    }

    public long BytesWritten { get; private set; }
    public int FilesIngested => _files;

    /// <summary>Space for one pair: fill the key, then the value.</summary>
    public Span<byte> Append(int valueLength)
    {
        if (_arena.TryReserve(valueLength, out var space)) return space;
        Flush();
        if (!_arena.TryReserve(valueLength, out space)) throw new InvalidOperationException("an empty arena refused a pair");
        return space;
    }

    public void Flush()
    {
        if (_arena.Count == 0) return;
        _arena.Sort();
        var path = Path.Combine(_directory, $"{_family.Name}-{_files:D6}.sst");
        using (var writer = SstFileWriter.Create(path, _options, _fileOptions))
        {
            for (var i = 0; i < _arena.Count; i++) writer.Put(_arena.Key(i), _arena.Value(i));
            writer.Finish();
            BytesWritten += (long)writer.FileSize;
        }
        _db.IngestExternalFiles(_family, [path], new IngestOptions { MoveFiles = true });
        if (File.Exists(path)) File.Delete(path);
        _files++;
        _arena.Clear();
    }

    public void Dispose() => _arena = new SortArena(0, _arena.KeyLength);
}
