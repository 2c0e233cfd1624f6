using System.Buffers.Binary;
using Stratus.Core;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Owner-index keys (owner ‖ pubkey) of merge winners, which arrive in pubkey order. Each arena keeps the pubkeys
/// with a small owner id; putting them in key order is then a stable counting sort by the owners' ranks, with no key
/// comparisons (a snapshot has few distinct owners next to its accounts). A full arena is written as a run file in
/// the <see cref="SortedRuns"/> format; <see cref="Finish"/> merges the runs and the last arena.
/// </summary>
internal sealed class OwnerIndexRuns : IDisposable
{
    public const int KeyLength = 64;

    private readonly string _directory;
    private readonly int _capacity;
    private readonly List<string> _files = [];
    private OwnerArena _arena;

    public OwnerIndexRuns(string directory, int arenaBytes)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _capacity = Math.Max(16, arenaBytes / (Pubkey.Length + 8));
        _arena = new OwnerArena(_capacity);
    }

    public int RunFiles => _files.Count;

    public void Append(ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey)
    {
        if (_arena.Count == _capacity || _arena.OwnerCount == _capacity) Spill();
        _arena.Add(Pubkey.Read(owner), pubkey);
    }

    private void Spill()
    {
        var path = Path.Combine(_directory, $"owners-{_files.Count:D6}");
        _files.Add(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> record = stackalloc byte[4 + KeyLength];
        var source = _arena.Sorted();
        while (source.MoveNext())
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0);
            source.Key.CopyTo(record[4..]);
            stream.Write(record);
        }
        _arena.Clear();
    }

    public RunMerger Finish()
    {
        var sources = new List<RunSource>();
        var buffer = FileRunSource.BufferSize(_files.Count);
        foreach (var file in _files) sources.Add(new FileRunSource(file, KeyLength, buffer));
        sources.Add(_arena.Sorted());
        return new RunMerger(sources);
    }

    public void Dispose()
    {
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

    private sealed class OwnerArena(int capacity)
    {
        private readonly byte[] _pubkeys = GC.AllocateUninitializedArray<byte>(capacity * Pubkey.Length);
        private readonly int[] _ownerIds = GC.AllocateUninitializedArray<int>(capacity);
        private readonly Dictionary<Pubkey, int> _ids = [];
        private readonly List<Pubkey> _owners = [];

        public int Count { get; private set; }
        public int OwnerCount => _owners.Count;

        public void Add(Pubkey owner, ReadOnlySpan<byte> pubkey)
        {
            if (!_ids.TryGetValue(owner, out var id))
            {
                id = _owners.Count;
                _ids.Add(owner, id);
                _owners.Add(owner);
            }
            pubkey.CopyTo(_pubkeys.AsSpan(Count * Pubkey.Length));
            _ownerIds[Count++] = id;
        }

        /// <summary>The held keys in key order: owners by rank, each owner's pubkeys in arrival (= pubkey) order.</summary>
        public RunSource Sorted()
        {
            var order = new int[_owners.Count];
            for (var i = 0; i < order.Length; i++) order[i] = i;
            var owners = _owners;
            Array.Sort(order, (a, b) => owners[a].CompareTo(owners[b]));
            var rank = new int[order.Length];
            for (var r = 0; r < order.Length; r++) rank[order[r]] = r;
            var start = new int[order.Length + 1];
            for (var i = 0; i < Count; i++) start[rank[_ownerIds[i]] + 1]++;
            for (var r = 0; r < order.Length; r++) start[r + 1] += start[r];
            var sorted = new int[Count];
            for (var i = 0; i < Count; i++) sorted[start[rank[_ownerIds[i]]]++] = i;
            return new Source(this, sorted);
        }

        public void Clear()
        {
            Count = 0;
            _ids.Clear();
            _owners.Clear();
        }

        private sealed class Source(OwnerArena arena, int[] sorted) : RunSource
        {
            private readonly byte[] _key = new byte[KeyLength];
            private int _index = -1;

            public override bool MoveNext()
            {
                if (++_index >= sorted.Length) return false;
                var i = sorted[_index];
                arena._owners[arena._ownerIds[i]].CopyTo(_key);
                arena._pubkeys.AsSpan(i * Pubkey.Length, Pubkey.Length).CopyTo(_key.AsSpan(Pubkey.Length));
                return true;
            }

            public override ReadOnlySpan<byte> Key => _key;
            public override ReadOnlySpan<byte> Value => [];
        }
    }
}
