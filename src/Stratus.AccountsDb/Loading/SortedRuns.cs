using System.Buffers.Binary;
using Stratus.AccountsDb.Store;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Staging of snapshot records: pairs fill one of two <see cref="SortArena"/>s; a full arena is sorted and written
/// to a run file on a background thread while the other fills, so decompression and parsing never wait for the sort
/// or the disk. <see cref="Finish"/> sorts the last arena in memory and returns a merge over all runs. Memory is the
/// two arenas whatever the snapshot's size. Run file: per pair, value length (u32 LE), key, value.
/// </summary>
internal sealed class SortedRuns : IDisposable
{
    private readonly string _directory;
    private readonly List<string> _files = [];
    private SortArena _current;
    private SortArena _spare;
    private Task? _writing;

    public SortedRuns(string directory, int arenaBytes, int keyLength)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _current = new SortArena(arenaBytes, keyLength);
        _spare = new SortArena(arenaBytes, keyLength);
    }

    public int RunFiles => _files.Count;
    public long RunBytes { get; private set; }

    /// <summary>Space for one pair: fill the key, then the value.</summary>
    public Span<byte> Append(int valueLength)
    {
        if (_current.TryReserve(valueLength, out var space)) return space;
        Spill();
        if (!_current.TryReserve(valueLength, out space)) throw new InvalidOperationException("an empty arena refused a pair");
        return space;
    }

    private void Spill()
    {
        WaitForWriter();
        var full = _current;
        _current = _spare;
        _spare = full;
        var path = Path.Combine(_directory, $"run-{_files.Count:D6}");
        _files.Add(path);
        _writing = Task.Run(() =>
        {
            full.Sort();
            RunBytes += WriteRun(full, path);
            full.Clear();
        });
    }

    /// <summary>Time the producer spent blocked on a run still being sorted and written (pipeline balance).</summary>
    public TimeSpan Waited { get; private set; }

    private void WaitForWriter()
    {
        var writing = _writing;
        _writing = null;
        if (writing == null) return;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        writing.GetAwaiter().GetResult();
        Waited += System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    private static long WriteRun(SortArena arena, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[4];
        for (var i = 0; i < arena.Count; i++)
        {
            var value = arena.Value(i);
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)value.Length);
            stream.Write(length);
            stream.Write(arena.Key(i));
            stream.Write(value);
        }
        return stream.Length;
    }

    /// <summary>All pairs appended so far, in key order (equal keys are not expected).</summary>
    public RunMerger Finish()
    {
        WaitForWriter();
        _current.Sort();
        var sources = new List<RunSource>();
        var buffer = FileRunSource.BufferSize(_files.Count);
        foreach (var file in _files) sources.Add(new FileRunSource(file, _current.KeyLength, buffer));
        sources.Add(new ArenaRunSource(_current));
        _spare = new SortArena(0, _current.KeyLength);
        return new RunMerger(sources);
    }

    public void Dispose()
    {
        try
        {
            WaitForWriter();
        }
        catch (Exception)
        {
            // The load is failing already; the first error is the one reported.
        }
        foreach (var file in _files)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>A sorted sequence of pairs; <see cref="Key"/> and <see cref="Value"/> are valid until the next <see cref="MoveNext"/>.</summary>
internal abstract class RunSource : IDisposable
{
    public abstract bool MoveNext();
    public abstract ReadOnlySpan<byte> Key { get; }
    public abstract ReadOnlySpan<byte> Value { get; }
    public virtual void Dispose() { }
}

internal sealed class ArenaRunSource(SortArena arena) : RunSource
{
    private int _index = -1;

    public override bool MoveNext() => ++_index < arena.Count;
    public override ReadOnlySpan<byte> Key => arena.Key(_index);
    public override ReadOnlySpan<byte> Value => arena.Value(_index);
}

/// <summary>Reads a run file sequentially through one buffer that grows only for a pair larger than itself.</summary>
internal sealed class FileRunSource : RunSource
{
    private readonly FileStream _stream;
    private readonly int _keyLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _keyOffset;
    private int _valueLength;

    public FileRunSource(string path, int keyLength, int bufferBytes = 1 << 20)
    {
        _buffer = GC.AllocateUninitializedArray<byte>(bufferBytes);
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _keyLength = keyLength;
    }

    /// <summary>
    /// Read buffer per run when <paramref name="runs"/> are merged at once: 64 MiB shared out, between 64 KiB and
    /// 1 MiB each, so a merge of thousands of runs (a mainnet-sized snapshot) still fits the memory budget.
    /// </summary>
    public static int BufferSize(int runs) => Math.Clamp((64 << 20) / Math.Max(1, runs), 64 << 10, 1 << 20);

    public override ReadOnlySpan<byte> Key => _buffer.AsSpan(_keyOffset, _keyLength);
    public override ReadOnlySpan<byte> Value => _buffer.AsSpan(_keyOffset + _keyLength, _valueLength);

    public override bool MoveNext()
    {
        if (!Ensure(4))
        {
            if (_end > _start) throw Truncated();
            return false;
        }
        var valueLength = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start));
        if (valueLength > int.MaxValue - 4 - _keyLength) throw new AccountStoreException(AccountStoreError.CorruptValue, $"staging run {_stream.Name}: pair length {valueLength} is out of range");
        var size = 4 + _keyLength + (int)valueLength;
        if (!Ensure(size)) throw Truncated();
        _keyOffset = _start + 4;
        _valueLength = (int)valueLength;
        _start += size;
        return true;
    }

    /// <summary>At least <paramref name="bytes"/> unread bytes in the buffer, or false at the end of the file.</summary>
    private bool Ensure(int bytes)
    {
        if (_end - _start >= bytes) return true;
        if (bytes > _buffer.Length)
        {
            var bigger = GC.AllocateUninitializedArray<byte>(Math.Max(bytes, _buffer.Length * 2));
            _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
            _buffer = bigger;
        }
        else
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        }
        _end -= _start;
        _start = 0;
        while (_end < bytes)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) return false;
            _end += read;
        }
        return true;
    }

    private AccountStoreException Truncated() => new(AccountStoreError.CorruptValue, $"staging run {_stream.Name} ends inside a pair");

    public override void Dispose() => _stream.Dispose();
}

/// <summary>K-way merge of sorted runs through a binary heap of the runs' current keys.</summary>
internal sealed class RunMerger : RunSource
{
    private readonly RunSource[] _sources;
    private readonly int[] _heap;
    private int _size = -1;

    public RunMerger(List<RunSource> sources)
    {
        _sources = [.. sources];
        _heap = new int[_sources.Length];
    }

    public override ReadOnlySpan<byte> Key => _sources[_heap[0]].Key;
    public override ReadOnlySpan<byte> Value => _sources[_heap[0]].Value;

    public override bool MoveNext()
    {
        if (_size < 0)
        {
            _size = 0;
            for (var i = 0; i < _sources.Length; i++)
            {
                if (!_sources[i].MoveNext()) continue;
                _heap[_size] = i;
                SiftUp(_size++);
            }
            return _size > 0;
        }
        if (_size == 0) return false;
        if (!_sources[_heap[0]].MoveNext())
        {
            _heap[0] = _heap[--_size];
            if (_size == 0) return false;
        }
        SiftDown(0);
        return true;
    }

    private bool Less(int a, int b)
    {
        var x = _sources[a].Key;
        var y = _sources[b].Key;
        var px = BinaryPrimitives.ReadUInt64BigEndian(x);
        var py = BinaryPrimitives.ReadUInt64BigEndian(y);
        if (px != py) return px < py;
        return SortArena.CompareAfterPrefix(x, y) < 0;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Less(_heap[i], _heap[parent])) return;
            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= _size) return;
            var smallest = left + 1 < _size && Less(_heap[left + 1], _heap[left]) ? left + 1 : left;
            if (!Less(_heap[smallest], _heap[i])) return;
            (_heap[i], _heap[smallest]) = (_heap[smallest], _heap[i]);
            i = smallest;
        }
    }

    public override void Dispose()
    {
        foreach (var source in _sources) source.Dispose();
    }
}
