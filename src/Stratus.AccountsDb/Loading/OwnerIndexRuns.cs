using System.Buffers.Binary;
using Stratus.Core;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Owner-index keys (owner ‖ pubkey) of a load's winners. Each staging bucket's winners arrive in pubkey order, so a
/// bucket's keys in key order are a stable counting sort by owner (<see cref="BucketOwners"/>), written as one run:
/// groups of (owner, count, pubkeys) in owner order. Buckets partition the pubkey range in order, so the whole index
/// is, owner by owner, the owner's group from bucket 0, then from bucket 1, and so on: <see cref="Merge"/> walks the
/// runs with a heap of groups (owner, bucket), never comparing individual keys.
/// </summary>
internal sealed class OwnerIndexRuns : IDisposable
{
    public const int KeyLength = 64;
    private const int GroupHeader = Pubkey.Length + 4;

    private readonly string _directory;
    private readonly string?[] _runs;

    public OwnerIndexRuns(string directory, int buckets)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _runs = new string?[buckets];
    }

    /// <summary>Writes a bucket's collected keys as its run and clears the collector.</summary>
    public void WriteRun(int bucket, BucketOwners owners)
    {
        if (owners.Count == 0) return;
        var path = Path.Combine(_directory, $"owners-{bucket:D5}");
        owners.WriteRun(path);
        _runs[bucket] = path;
    }

    /// <summary>All keys in key order. <paramref name="readBudgetBytes"/> is shared out as the runs' read buffers.</summary>
    public RunSource Merge(int readBudgetBytes)
    {
        var paths = _runs.Where(p => p != null).Select(p => p!).ToList();
        var buffer = Math.Clamp(readBudgetBytes / Math.Max(1, paths.Count), 4 << 10, 1 << 20);
        return new Merger(paths, buffer);
    }

    public void Dispose()
    {
        foreach (var path in _runs)
        {
            if (path == null) continue;
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class Merger : RunSource
    {
        private readonly RunReader[] _readers;
        private readonly PriorityQueue<RunReader, GroupOrder> _heap = new();
        private readonly byte[] _key = new byte[KeyLength];
        private RunReader? _current;

        public Merger(List<string> paths, int bufferBytes)
        {
            _readers = new RunReader[paths.Count];
            for (var i = 0; i < paths.Count; i++)
            {
                _readers[i] = new RunReader(paths[i], i, bufferBytes);
                if (_readers[i].NextGroup()) _heap.Enqueue(_readers[i], new GroupOrder(_readers[i].Owner, i));
            }
        }

        public override ReadOnlySpan<byte> Key => _key;
        public override ReadOnlySpan<byte> Value => [];

        public override bool MoveNext()
        {
            while (true)
            {
                if (_current != null)
                {
                    if (_current.TryReadPubkey(_key.AsSpan(Pubkey.Length))) return true;
                    if (_current.NextGroup()) _heap.Enqueue(_current, new GroupOrder(_current.Owner, _current.Index));
                    _current = null;
                }
                if (!_heap.TryDequeue(out _current, out _)) return false;
                _current.Owner.CopyTo(_key);
            }
        }

        public override void Dispose()
        {
            foreach (var reader in _readers) reader.Dispose();
        }
    }

    private readonly record struct GroupOrder(Pubkey Owner, int Run) : IComparable<GroupOrder>
    {
        public int CompareTo(GroupOrder other)
        {
            var c = Owner.CompareTo(other.Owner);
            return c != 0 ? c : Run.CompareTo(other.Run);
        }
    }

    /// <summary>
    /// Sequential reader of one run: the current group's owner and its remaining pubkeys, read from the file a few
    /// hundred at a time (a group's pubkeys are contiguous).
    /// </summary>
    private sealed class RunReader(string path, int index, int bufferBytes) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(GroupHeader, bufferBytes / Pubkey.Length * Pubkey.Length));
        private readonly byte[] _header = new byte[GroupHeader];
        private int _start;
        private int _end;
        private uint _remaining;

        public int Index { get; } = index;
        public Pubkey Owner { get; private set; }

        public bool NextGroup()
        {
            if (!Fill(GroupHeader, allowEnd: true)) return false;
            _buffer.AsSpan(_start, GroupHeader).CopyTo(_header);
            _start += GroupHeader;
            Owner = Pubkey.Read(_header);
            _remaining = BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(Pubkey.Length));
            if (_remaining == 0) throw new SnapshotLoadException(SnapshotLoadError.Staging, $"owner-index run {path} has an empty group");
            return true;
        }

        public bool TryReadPubkey(Span<byte> destination)
        {
            if (_remaining == 0) return false;
            Fill(Pubkey.Length, allowEnd: false);
            _buffer.AsSpan(_start, Pubkey.Length).CopyTo(destination);
            _start += Pubkey.Length;
            _remaining--;
            return true;
        }

        /// <summary>At least <paramref name="bytes"/> unread bytes in the buffer; false only at a clean end of the file.</summary>
        private bool Fill(int bytes, bool allowEnd)
        {
            if (_end - _start >= bytes) return true;
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
            while (_end < bytes)
            {
                var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    if (allowEnd && _end == 0) return false;
                    throw Truncated();
                }
                _end += read;
            }
            return true;
        }

        private SnapshotLoadException Truncated() => new(SnapshotLoadError.Staging, $"owner-index run {path} ends inside a group");

        public void Dispose() => _stream.Dispose();
    }
}

/// <summary>One bucket's (owner, pubkey) pairs, added in pubkey order; one instance per worker, reused.</summary>
internal sealed class BucketOwners
{
    private readonly Dictionary<Pubkey, int> _ids = [];
    private readonly List<Pubkey> _owners = [];
    private byte[] _pubkeys = new byte[Pubkey.Length * 4096];
    private int[] _ownerIds = new int[4096];
    private int[] _order = [];
    private int[] _rank = [];
    private int[] _start = [];
    private byte[] _sorted = [];

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey)
    {
        var key = Pubkey.Read(owner);
        if (!_ids.TryGetValue(key, out var id))
        {
            id = _owners.Count;
            _ids.Add(key, id);
            _owners.Add(key);
        }
        if (Count == _ownerIds.Length)
        {
            Array.Resize(ref _ownerIds, Count * 2);
            Array.Resize(ref _pubkeys, Count * 2 * Pubkey.Length);
        }
        pubkey[..Pubkey.Length].CopyTo(_pubkeys.AsSpan(Count * Pubkey.Length));
        _ownerIds[Count++] = id;
    }

    /// <summary>Writes the groups in owner order (each owner's pubkeys in arrival order) and clears.</summary>
    internal void WriteRun(string path)
    {
        var owners = _owners;
        var distinct = owners.Count;
        Grow(ref _order, distinct);
        Grow(ref _rank, distinct);
        Grow(ref _start, distinct + 1);
        var order = _order.AsSpan(0, distinct);
        for (var i = 0; i < distinct; i++) order[i] = i;
        order.Sort((a, b) => owners[a].CompareTo(owners[b]));
        var rank = _rank;
        for (var r = 0; r < distinct; r++) rank[order[r]] = r;
        var start = _start.AsSpan(0, distinct + 1);
        start.Clear();
        for (var i = 0; i < Count; i++) start[rank[_ownerIds[i]] + 1]++;
        for (var r = 0; r < distinct; r++) start[r + 1] += start[r];
        Grow(ref _sorted, Count * Pubkey.Length);
        // Place each pubkey at its owner's next slot (start[r] advances; it is recomputed below for writing).
        for (var i = 0; i < Count; i++)
            _pubkeys.AsSpan(i * Pubkey.Length, Pubkey.Length).CopyTo(_sorted.AsSpan(start[rank[_ownerIds[i]]]++ * Pubkey.Length));

        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Span<byte> header = stackalloc byte[Pubkey.Length + 4];
            var begin = 0;
            for (var r = 0; r < distinct; r++)
            {
                var end = start[r];
                owners[order[r]].CopyTo(header);
                BinaryPrimitives.WriteUInt32LittleEndian(header[Pubkey.Length..], (uint)(end - begin));
                stream.Write(header);
                stream.Write(_sorted, begin * Pubkey.Length, (end - begin) * Pubkey.Length);
                begin = end;
            }
        }
        Clear();
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length) array = new T[Math.Max(length, array.Length * 2)];
    }

    public void Clear()
    {
        Count = 0;
        _ids.Clear();
        _owners.Clear();
    }
}
