using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// One staging bucket's records sorted by key in memory (pubkey, then newest slot and record first). The records stay
/// where they are, in the bucket's chunks; only a table of (8-byte key prefix, location) entries is sorted. One
/// instance per worker, reused from bucket to bucket.
/// </summary>
internal sealed unsafe class SortedBucket : RunSource
{
    /// <summary>
    /// Records are visited in key order, i.e. at random places in tens of MiB: each would be a cache (and TLB) miss
    /// without asking for the record a few entries ahead while the current one is hashed and written.
    /// </summary>
    private const int PrefetchDistance = 4;

    private byte[][] _segments = new byte[16][];
    private Entry[] _entries = new Entry[4096];
    private Entry[] _scratch = [];
    private int[]? _counts;
    private int _count;
    private int _index;

    public int Count => _count;

    public override ReadOnlySpan<byte> Key
    {
        get
        {
            var e = _entries[_index];
            return _segments[e.Segment].AsSpan(e.Offset + 4, StagingBuckets.KeyLength);
        }
    }

    public override ReadOnlySpan<byte> Value
    {
        get
        {
            var e = _entries[_index];
            return _segments[e.Segment].AsSpan(e.Offset + StagingBuckets.RecordOverhead, e.ValueLength);
        }
    }

    public override bool MoveNext()
    {
        var i = ++_index;
        if (Sse.IsSupported && i + PrefetchDistance < _count)
        {
            // A prefetch never faults, so an address is all it needs (the arrays are not moved while the bucket is processed).
            var e = _entries[i + PrefetchDistance];
            var record = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_segments[e.Segment])) + e.Offset;
            Sse.Prefetch0(record);
            Sse.Prefetch0(record + 64);
        }
        return i < _count;
    }

    /// <summary>Indexes and sorts a bucket's chunks (a spilled bucket must have been read back).</summary>
    public void Load(StagingBuckets.Bucket bucket)
    {
        _count = 0;
        _index = -1;
        if (bucket.Spilled && bucket.Chunks.Count == 0 && bucket.Records > 0)
            throw new InvalidOperationException($"staging bucket {bucket.Index} was not read back");
        SetSegments(bucket.Chunks.Count);
        for (var i = 0; i < bucket.Chunks.Count; i++)
        {
            var chunk = bucket.Chunks[i];
            _segments[i] = chunk.Array;
            Index(i, chunk.Offset, chunk.Offset + chunk.Length, bucket);
        }
        if (_count != bucket.Records)
            throw new SnapshotLoadException(SnapshotLoadError.Staging, $"staging bucket {bucket.Index} holds {_count} records, {bucket.Records} were written");
        Sort();
    }

    /// <summary>Drops references to the bucket's memory.</summary>
    public void Clear()
    {
        Array.Clear(_segments);
        _count = 0;
        _index = -1;
    }

    private void SetSegments(int count)
    {
        if (_segments.Length < count) _segments = new byte[Math.Max(count, _segments.Length * 2)][];
    }

    private void Index(int segment, int start, int end, StagingBuckets.Bucket bucket)
    {
        var bytes = _segments[segment];
        var offset = start;
        while (offset < end)
        {
            var valueLength = StagingBuckets.RecordValueLength(bytes, offset, end, bucket);
            if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
            _entries[_count++] = new Entry(BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset + 4)), segment, offset, valueLength);
            offset += StagingBuckets.RecordOverhead + valueLength;
        }
    }

    /// <summary>
    /// One counting-sort pass on the 16 prefix bits after those all entries share (a bucket is a key range, so its
    /// pubkeys agree on their leading bits), then the few entries per bin in full key order. A random bucket of n
    /// records leaves about n / 65,536 entries per bin, so this is linear, not n log n comparisons.
    /// </summary>
    private void Sort()
    {
        var entries = _entries.AsSpan(0, _count);
        var comparer = new EntryComparer(_segments);
        if (_count < 4096)
        {
            entries.Sort(comparer);
            return;
        }
        ulong low = ulong.MaxValue, high = 0;
        foreach (var e in entries)
        {
            low = Math.Min(low, e.Prefix);
            high = Math.Max(high, e.Prefix);
        }
        var shift = System.Numerics.BitOperations.LeadingZeroCount(low ^ high);
        if (shift > 48) shift = 48;
        _counts ??= new int[(1 << RadixBits) + 1];
        var counts = _counts;
        Array.Clear(counts);
        foreach (var e in entries) counts[Digit(e.Prefix, shift) + 1]++;
        for (var d = 0; d < 1 << RadixBits; d++) counts[d + 1] += counts[d];
        if (_scratch.Length < _count) _scratch = new Entry[_entries.Length];
        var scratch = _scratch.AsSpan(0, _count);
        foreach (var e in entries) scratch[counts[Digit(e.Prefix, shift)]++] = e;
        // counts[d] is now the end of bin d; bins with more than one entry are ordered by full key.
        var start = 0;
        for (var d = 0; d < 1 << RadixBits; d++)
        {
            var end = counts[d];
            if (end - start > 1) scratch[start..end].Sort(comparer);
            start = end;
        }
        (_entries, _scratch) = (_scratch, _entries);
    }

    private const int RadixBits = 16;

    private static int Digit(ulong prefix, int shift) => (int)((prefix << shift) >> (64 - RadixBits));

    private readonly record struct Entry(ulong Prefix, int Segment, int Offset, int ValueLength);

    private readonly struct EntryComparer(byte[][] segments) : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y)
        {
            if (x.Prefix != y.Prefix) return x.Prefix < y.Prefix ? -1 : 1;
            return SortArena.CompareAfterPrefix(segments[x.Segment].AsSpan(x.Offset + 4, StagingBuckets.KeyLength),
                segments[y.Segment].AsSpan(y.Offset + 4, StagingBuckets.KeyLength));
        }
    }
}
