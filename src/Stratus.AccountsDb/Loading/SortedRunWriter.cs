using Stratus.AccountsDb.RocksDb;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Buffers key/value pairs in one arena of bounded size; when it fills, sorts them by key, writes an SST file and
/// ingests it into the column family. Peak memory is the arena plus one index entry per pair, whatever the total.
/// Keys must be unique (callers make them so).
/// </summary>
internal sealed class SortedRunWriter : IDisposable
{
    private readonly RocksDatabase _db;
    private readonly ColumnFamily _family;
    private readonly string _directory;
    private readonly RocksDbOptions _options;
    private byte[] _arena;
    private int _used;
    private Entry[] _entries = new Entry[1 << 16];
    private int _count;
    private int _files;

    public SortedRunWriter(RocksDatabase db, ColumnFamily family, string directory, int arenaBytes, RocksDbOptions options)
    {
        _db = db;
        _family = family;
        _directory = directory;
        _options = options;
        _arena = new byte[arenaBytes];
        Directory.CreateDirectory(directory);
    }

    public long BytesWritten { get; private set; }
    public int FilesIngested => _files;

    /// <summary>Reserves space for a pair; fill key then value into the returned span and call nothing else.</summary>
    public Span<byte> Append(int keyLength, int valueLength)
    {
        var size = keyLength + valueLength;
        if (_used + size > _arena.Length)
        {
            Flush();
            if (size > _arena.Length) _arena = new byte[size];
        }
        if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
        _entries[_count++] = new Entry(_used, keyLength, valueLength);
        var span = _arena.AsSpan(_used, size);
        _used += size;
        return span;
    }

    public void Flush()
    {
        if (_count == 0) return;
        Array.Sort(_entries, 0, _count, new EntryComparer(_arena));
        var path = Path.Combine(_directory, $"{_family.Name}-{_files:D6}.sst");
        using (var writer = SstFileWriter.Create(path, _options))
        {
            for (var i = 0; i < _count; i++)
            {
                var e = _entries[i];
                writer.Put(_arena.AsSpan(e.Offset, e.KeyLength), _arena.AsSpan(e.Offset + e.KeyLength, e.ValueLength));
            }
            writer.Finish();
            BytesWritten += (long)writer.FileSize;
        }
        _db.IngestExternalFiles(_family, [path], new IngestOptions { MoveFiles = true });
        if (File.Exists(path)) File.Delete(path);
        _files++;
        _count = 0;
        _used = 0;
    }

    public void Dispose()
    {
        _arena = [];
        _entries = [];
    }

    private readonly record struct Entry(int Offset, int KeyLength, int ValueLength);

    private sealed class EntryComparer(byte[] arena) : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y) =>
            arena.AsSpan(x.Offset, x.KeyLength).SequenceCompareTo(arena.AsSpan(y.Offset, y.KeyLength));
    }
}
