using System.Buffers.Binary;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Key/value pairs packed in one byte arena with a side table of entries, sorted in place by key. Every key has the
/// same length (at least 8 bytes); the first 8 key bytes are kept in the entry as a big-endian number so most
/// comparisons never touch the arena. Sized once; <see cref="TryReserve"/> reports when it is full.
/// </summary>
internal sealed class SortArena
{
    private byte[] _bytes;
    private Entry[] _entries = new Entry[1 << 12];

    public SortArena(int bytes, int keyLength)
    {
        if (keyLength < 8) throw new ArgumentOutOfRangeException(nameof(keyLength));
        _bytes = GC.AllocateUninitializedArray<byte>(bytes);
        KeyLength = keyLength;
    }

    public int KeyLength { get; }
    public int Count { get; private set; }
    public int BytesUsed { get; private set; }

    /// <summary>
    /// Space for one pair (key then value), or false when it does not fit beside what is already held. An empty
    /// arena grows to take a pair larger than itself.
    /// </summary>
    public bool TryReserve(int valueLength, out Span<byte> space)
    {
        var size = KeyLength + valueLength;
        if (BytesUsed + size > _bytes.Length)
        {
            if (Count > 0)
            {
                space = default;
                return false;
            }
            _bytes = GC.AllocateUninitializedArray<byte>(size);
        }
        if (Count == _entries.Length) Array.Resize(ref _entries, Count * 2);
        _entries[Count++] = new Entry(0, BytesUsed, valueLength);
        space = _bytes.AsSpan(BytesUsed, size);
        BytesUsed += size;
        return true;
    }

    public void Sort()
    {
        var entries = _entries.AsSpan(0, Count);
        for (var i = 0; i < entries.Length; i++)
            entries[i] = entries[i] with { Prefix = BinaryPrimitives.ReadUInt64BigEndian(_bytes.AsSpan(entries[i].Offset)) };
        entries.Sort(new EntryComparer(_bytes, KeyLength));
    }

    public ReadOnlySpan<byte> Key(int index) => _bytes.AsSpan(_entries[index].Offset, KeyLength);

    public ReadOnlySpan<byte> Value(int index)
    {
        var e = _entries[index];
        return _bytes.AsSpan(e.Offset + KeyLength, e.ValueLength);
    }

    public void Clear()
    {
        Count = 0;
        BytesUsed = 0;
    }

    private readonly record struct Entry(ulong Prefix, int Offset, int ValueLength);

    private readonly struct EntryComparer(byte[] bytes, int keyLength) : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y)
        {
            if (x.Prefix != y.Prefix) return x.Prefix < y.Prefix ? -1 : 1;
            return CompareAfterPrefix(bytes.AsSpan(x.Offset, keyLength), bytes.AsSpan(y.Offset, keyLength));
        }
    }

    /// <summary>Byte order of two equal-length keys whose first 8 bytes are equal, compared 8 bytes at a time (owner-index keys of one owner share 32).</summary>
    public static int CompareAfterPrefix(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var at = 8;
        for (; at + 8 <= a.Length; at += 8)
        {
            var u = BinaryPrimitives.ReadUInt64BigEndian(a[at..]);
            var v = BinaryPrimitives.ReadUInt64BigEndian(b[at..]);
            if (u != v) return u < v ? -1 : 1;
        }
        return a[at..].SequenceCompareTo(b[at..]);
    }
}
