using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Stratus.AccountsDb.Native;
using Stratus.AccountsDb.Zstd;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// First phase of a load: every account record is appended to one of <see cref="Count"/> buckets that range-partition
/// the pubkey space (bucket i holds pubkeys below those of bucket i + 1), so each bucket can later be sorted, merged
/// and written as its own SST files, independently and in parallel. Record layout (also the run-file layout of
/// <see cref="SortedRuns"/>): value length (u32 LE), key (pubkey ‖ ~slot ‖ ~sequence, big-endian), value.
/// <para>
/// Buckets start in memory as lists of chunks. When the held bytes pass the memory budget, the resident bucket with
/// the highest index is spilled: its chunks, and every chunk it fills afterwards, are written to its own file by
/// writer threads, so the producer (decompression and parsing) only copies records. A snapshot smaller than the
/// budget never touches the disk here. Memory is the budget plus one write chunk per spilled bucket plus the
/// writers' bounded queues, whatever the snapshot's size.
/// </para>
/// </summary>
internal sealed class StagingBuckets : IDisposable
{
    public const int KeyLength = 32 + 8 + 8;
    public const int RecordOverhead = 4 + KeyLength;

    private readonly string _directory;
    private readonly Bucket[] _buckets;
    private readonly long _memoryBudget;
    private readonly ChunkPool _pool;
    private readonly BucketFileWriter[] _writers;
    private readonly int? _compressionLevel;
    private long _residentBytes;
    private int _lowestSpilled;
    private bool _finished;

    /// <param name="bucketCount">Number of buckets (from the expected staged bytes and the target bucket size).</param>
    /// <param name="memoryBudget">Bytes of records held in memory before buckets spill to files.</param>
    /// <param name="writeBufferBytes">Bytes shared out as one write chunk per spilled bucket (16 KiB – 1 MiB each).</param>
    /// <param name="compressionLevel">zstd level for spilled chunks (fewer bytes for the page cache and the disk), or null.</param>
    public StagingBuckets(string directory, int bucketCount, long memoryBudget, long writeBufferBytes, int writerThreads, int? compressionLevel = null)
    {
        _compressionLevel = compressionLevel;
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        _directory = directory;
        Directory.CreateDirectory(directory);
        _memoryBudget = memoryBudget;
        _pool = new ChunkPool((int)Math.Clamp(writeBufferBytes / bucketCount, 16 << 10, 1 << 20));
        _buckets = new Bucket[bucketCount];
        for (var i = 0; i < bucketCount; i++) _buckets[i] = new Bucket(i);
        _lowestSpilled = bucketCount;
        _writers = new BucketFileWriter[Math.Max(1, writerThreads)];
        for (var i = 0; i < _writers.Length; i++) _writers[i] = new BucketFileWriter(_pool, compressionLevel);
    }

    public int Count => _buckets.Length;
    public long Records { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Bytes written to bucket files (after compression).</summary>
    public long FileBytes
    {
        get
        {
            long total = 0;
            foreach (var bucket in _buckets) foreach (var frame in bucket.FileFrames) total += frame;
            return total;
        }
    }
    public int SpilledBuckets => _buckets.Length - _lowestSpilled;

    /// <summary>Time the producer spent blocked on the writer threads (pipeline balance).</summary>
    public TimeSpan Waited
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var writer in _writers) total += writer.ProducerWaited;
            return total;
        }
    }

    public Bucket this[int index] => _buckets[index];

    /// <summary>
    /// The value length of the record at <paramref name="offset"/> of a chunk whose records end at
    /// <paramref name="end"/>; a record that runs past the end means the bucket's data is damaged.
    /// </summary>
    public static int RecordValueLength(ReadOnlySpan<byte> chunk, int offset, int end, Bucket bucket)
    {
        if (end - offset < RecordOverhead) throw Damaged(bucket, offset);
        var valueLength = BinaryPrimitives.ReadUInt32LittleEndian(chunk[offset..]);
        if (valueLength > (uint)(end - offset - RecordOverhead)) throw Damaged(bucket, offset);
        return (int)valueLength;
    }

    private static SnapshotLoadException Damaged(Bucket bucket, int offset) =>
        new(SnapshotLoadError.Staging, $"staging bucket {bucket.Index} is damaged: record at offset {offset} runs past its chunk");

    /// <summary>The bucket of a pubkey: its first four bytes scaled to the bucket count, so buckets keep pubkey order.</summary>
    public int BucketOf(ReadOnlySpan<byte> pubkey) => (int)(((ulong)BinaryPrimitives.ReadUInt32BigEndian(pubkey) * (ulong)_buckets.Length) >> 32);

    /// <summary>Appends a record's key; returns the space for its value (exactly <paramref name="valueLength"/> bytes).</summary>
    public Span<byte> Append(ReadOnlySpan<byte> pubkey, ulong inverseSlot, ulong inverseSequence, int valueLength)
    {
        var size = RecordOverhead + valueLength;
        var bucket = _buckets[BucketOf(pubkey)];
        if (bucket.Current == null || bucket.CurrentUsed + size > bucket.CurrentCapacity) NextChunk(bucket, size);
        var span = bucket.Current.AsSpan(bucket.CurrentOffset + bucket.CurrentUsed, size);
        bucket.CurrentUsed += size;
        bucket.Bytes += size;
        bucket.Records++;
        Bytes += size;
        Records++;
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)valueLength);
        pubkey[..32].CopyTo(span[4..]);
        BinaryPrimitives.WriteUInt64BigEndian(span[36..], inverseSlot);
        BinaryPrimitives.WriteUInt64BigEndian(span[44..], inverseSequence);
        return span[RecordOverhead..];
    }

    private void NextChunk(Bucket bucket, int size)
    {
        if (bucket.Current != null)
        {
            var full = new Chunk(bucket.Current, bucket.CurrentOffset, bucket.CurrentUsed);
            if (bucket.Spilled) Spill(bucket, full);
            else bucket.Chunks.Add(full);
        }
        (bucket.Current, bucket.CurrentOffset) = size <= _pool.ChunkBytes ? _pool.Rent() : (GC.AllocateUninitializedArray<byte>(size), 0);
        bucket.CurrentCapacity = Math.Max(size, _pool.ChunkBytes);
        bucket.CurrentUsed = 0;
        if (bucket.Spilled) return;
        _residentBytes += bucket.CurrentCapacity;
        while (_residentBytes > _memoryBudget && _lowestSpilled > 0) SpillHighestResident();
    }

    private BucketFileWriter Writer(Bucket bucket) => _writers[bucket.Index % _writers.Length];

    /// <summary>Queues a chunk for the bucket's file; its length is remembered so it can be read back as the same chunk.</summary>
    private void Spill(Bucket bucket, Chunk chunk)
    {
        if (chunk.Length == 0)
        {
            _pool.Return(chunk);
            return;
        }
        bucket.FileChunks.Add(chunk.Length);
        Writer(bucket).Enqueue(bucket, chunk);
    }

    /// <summary>A worker's buffers for <see cref="ReadBack"/> (and its decompressor when chunks are compressed).</summary>
    public BucketReader CreateReader() => new(_compressionLevel);

    /// <summary>
    /// Reads a spilled bucket's file back into <see cref="Bucket.Chunks"/>, chunk by chunk as it was written (so no
    /// record straddles two chunks), into pooled memory: after the resident buckets are merged, their memory holds
    /// the spilled ones and a load allocates nothing new.
    /// </summary>
    public void ReadBack(Bucket bucket, BucketReader reader)
    {
        if (!bucket.Spilled || bucket.Chunks.Count > 0) return;
        ReadChunks(bucket, reader, length => length <= _pool.ChunkBytes ? _pool.Rent() : (GC.AllocateUninitializedArray<byte>(length), 0),
            chunk => bucket.Chunks.Add(chunk));
        // Read back: the file is no longer needed, and deleting it now drops its dirty pages before the kernel
        // spends disk bandwidth writing them back (the accounts SSTs need that bandwidth).
        TryDelete(bucket.Path!);
    }

    /// <summary>
    /// Hands a spilled bucket's chunks to <paramref name="chunk"/> one at a time through one reused buffer (a bucket
    /// too large to hold in memory).
    /// </summary>
    public void StreamChunks(Bucket bucket, BucketReader reader, Action<ReadOnlyMemory<byte>> chunk)
    {
        byte[] buffer = [];
        ReadChunks(bucket, reader, length =>
        {
            if (buffer.Length < length) buffer = GC.AllocateUninitializedArray<byte>(Math.Max(length, _pool.ChunkBytes));
            return (buffer, 0);
        }, read => chunk(read.Array.AsMemory(read.Offset, read.Length)));
    }

    private static void ReadChunks(Bucket bucket, BucketReader reader, Func<int, (byte[] Array, int Offset)> destination, Action<Chunk> done)
    {
        using var handle = File.OpenHandle(bucket.Path!, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        long stored = 0;
        foreach (var frame in bucket.FileFrames) stored += frame;
        if (length != stored || bucket.FileFrames.Count != bucket.FileChunks.Count)
            throw new SnapshotLoadException(SnapshotLoadError.Staging, $"staging bucket file {bucket.Path} has {length} bytes, {stored} were written");
        long position = 0;
        for (var i = 0; i < bucket.FileChunks.Count; i++)
        {
            var chunkLength = bucket.FileChunks[i];
            var frameLength = bucket.FileFrames[i];
            var (array, offset) = destination(chunkLength);
            var target = array.AsSpan(offset, chunkLength);
            if (reader.Codec == null)
            {
                ReadExactly(handle, target, position, bucket);
            }
            else
            {
                var frame = reader.Scratch(frameLength);
                ReadExactly(handle, frame, position, bucket);
                int decoded;
                try
                {
                    decoded = reader.Codec.Decompress(frame, target);
                }
                catch (ZstdException e)
                {
                    throw new SnapshotLoadException(SnapshotLoadError.Staging, $"staging bucket file {bucket.Path} is damaged at {position}: {e.Message}", e);
                }
                if (decoded != chunkLength)
                    throw new SnapshotLoadException(SnapshotLoadError.Staging, $"staging bucket file {bucket.Path} is damaged at {position}: {decoded} bytes, {chunkLength} expected");
            }
            done(new Chunk(array, offset, chunkLength));
            position += frameLength;
        }
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> destination, long position, Bucket bucket)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[done..], position + done);
            if (read == 0) throw new SnapshotLoadException(SnapshotLoadError.Staging, $"staging bucket file {bucket.Path} ended at {position + done}");
            done += read;
        }
    }

    /// <summary>Per-worker state for reading spilled buckets back.</summary>
    public sealed class BucketReader : IDisposable
    {
        private byte[] _scratch = [];

        internal BucketReader(int? compressionLevel) => Codec = compressionLevel is { } level ? new ZstdBlockCodec(level) : null;

        internal ZstdBlockCodec? Codec { get; }

        internal Span<byte> Scratch(int length)
        {
            if (_scratch.Length < length) _scratch = GC.AllocateUninitializedArray<byte>(length);
            return _scratch.AsSpan(0, length);
        }

        public void Dispose() => Codec?.Dispose();
    }

    private void SpillHighestResident()
    {
        var bucket = _buckets[--_lowestSpilled];
        bucket.Path = Path.Combine(_directory, $"bucket-{bucket.Index:D5}");
        bucket.File = new FileStream(bucket.Path, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        bucket.Spilled = true;
        foreach (var chunk in bucket.Chunks)
        {
            _residentBytes -= Math.Max(chunk.Length, _pool.ChunkBytes);
            Spill(bucket, chunk);
        }
        bucket.Chunks.Clear();
        // Its current chunk stays as its write buffer and no longer counts as resident.
        if (bucket.Current != null) _residentBytes -= bucket.CurrentCapacity;
    }

    /// <summary>Ends staging: writes the spilled buckets' last chunks and waits for the writers.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        foreach (var bucket in _buckets)
        {
            if (bucket.Current == null) continue;
            var last = new Chunk(bucket.Current, bucket.CurrentOffset, bucket.CurrentUsed);
            bucket.Current = null;
            if (bucket.Spilled) Spill(bucket, last);
            else bucket.Chunks.Add(last);
        }
        foreach (var writer in _writers) writer.Complete();
        foreach (var bucket in _buckets)
        {
            bucket.File?.Dispose();
            bucket.File = null;
        }
    }

    /// <summary>Returns a processed bucket's chunks for reuse and deletes its file.</summary>
    public void Release(Bucket bucket)
    {
        foreach (var chunk in bucket.Chunks) _pool.Return(chunk);
        bucket.Chunks.Clear();
        if (bucket.Path != null) TryDelete(bucket.Path);
    }

    public void Dispose()
    {
        foreach (var writer in _writers)
        {
            try
            {
                writer.Complete();
            }
            catch (Exception)
            {
                // The load is failing already; the first error is the one reported.
            }
        }
        foreach (var bucket in _buckets)
        {
            bucket.File?.Dispose();
            if (bucket.Path != null) TryDelete(bucket.Path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// <see cref="Length"/> bytes of records at <see cref="Offset"/> in <see cref="Array"/>: a pooled slice of a slab, or
    /// an array of its own for a record larger than a chunk.
    /// </summary>
    public readonly record struct Chunk(byte[] Array, int Offset, int Length);

    public sealed class Bucket(int index)
    {
        public int Index { get; } = index;
        public long Bytes { get; internal set; }
        public long Records { get; internal set; }
        public bool Spilled { get; internal set; }
        /// <summary>The bucket's file once it has spilled (all its records are there after <see cref="Finish"/>).</summary>
        public string? Path { get; internal set; }
        /// <summary>Records held in memory (resident buckets, or a spilled one after <see cref="ReadBack"/>), in arrival order.</summary>
        public List<Chunk> Chunks { get; } = [];
        /// <summary>Raw lengths of the chunks in the file, in order (appended by the producer).</summary>
        internal List<int> FileChunks { get; } = [];
        /// <summary>Stored (possibly compressed) lengths of the same chunks (appended by the bucket's writer thread).</summary>
        internal List<int> FileFrames { get; } = [];
        internal byte[]? Current;
        internal int CurrentOffset;
        internal int CurrentCapacity;
        internal int CurrentUsed;
        internal FileStream? File;
    }

    /// <summary>
    /// Fixed-size chunks carved from 64 MiB slabs (backed by huge pages where Linux allows: faulting in fresh memory is
    /// the staging thread's largest cost otherwise) and reused, so staging allocates only up to its peak.
    /// </summary>
    private sealed class ChunkPool(int chunkBytes)
    {
        private const int SlabBytes = 64 << 20;
        private readonly ConcurrentStack<(byte[] Array, int Offset)> _free = new();
        private readonly List<byte[]> _slabs = [];
        private byte[]? _slab;
        private int _next;

        public int ChunkBytes { get; } = chunkBytes;

        public (byte[] Array, int Offset) Rent()
        {
            if (_free.TryPop(out var chunk)) return chunk;
            lock (_slabs)
            {
                if (_slab == null || _next + ChunkBytes > _slab.Length)
                {
                    _slab = GC.AllocateUninitializedArray<byte>(SlabBytes / ChunkBytes * ChunkBytes);
                    HugePages.Advise(_slab);
                    _slabs.Add(_slab);
                    _next = 0;
                }
                chunk = (_slab, _next);
                _next += ChunkBytes;
                return chunk;
            }
        }

        /// <summary>Takes back a pooled chunk; an array of its own (one large record) is left to the GC.</summary>
        public void Return(Chunk chunk)
        {
            lock (_slabs)
            {
                if (!_slabs.Contains(chunk.Array)) return;
            }
            _free.Push((chunk.Array, chunk.Offset));
        }
    }

    /// <summary>A thread appending full chunks to bucket files, behind a bounded queue.</summary>
    private sealed class BucketFileWriter
    {
        private readonly BlockingCollection<(Bucket Bucket, Chunk Chunk)> _queue = new(boundedCapacity: 16);
        private readonly ChunkPool _pool;
        private readonly Thread _thread;
        private readonly ZstdBlockCodec? _codec;
        private byte[] _frame = [];
        private Exception? _error;
        private bool _completed;

        public BucketFileWriter(ChunkPool pool, int? compressionLevel)
        {
            _pool = pool;
            _codec = compressionLevel is { } level ? new ZstdBlockCodec(level) : null;
            _thread = new Thread(Run) { IsBackground = true, Name = "stratus-staging-writer" };
            _thread.Start();
        }

        public TimeSpan ProducerWaited { get; private set; }

        public void Enqueue(Bucket bucket, Chunk chunk)
        {
            if (_error != null) throw new SnapshotLoadException(SnapshotLoadError.Staging, $"writing staging bucket files failed: {_error.Message}", _error);
            if (_queue.TryAdd((bucket, chunk))) return;
            var started = Stopwatch.GetTimestamp();
            _queue.Add((bucket, chunk));
            ProducerWaited += Stopwatch.GetElapsedTime(started);
        }

        public void Complete()
        {
            if (_completed) return;
            _completed = true;
            _queue.CompleteAdding();
            _thread.Join();
            _codec?.Dispose();
            if (_error != null) throw new SnapshotLoadException(SnapshotLoadError.Staging, $"writing staging bucket files failed: {_error.Message}", _error);
        }

        private void Run()
        {
            foreach (var (bucket, chunk) in _queue.GetConsumingEnumerable())
            {
                if (_error == null)
                {
                    try
                    {
                        if (_codec == null)
                        {
                            bucket.File!.Write(chunk.Array, chunk.Offset, chunk.Length);
                            bucket.FileFrames.Add(chunk.Length);
                        }
                        else
                        {
                            var bound = ZstdBlockCodec.CompressBound(chunk.Length);
                            if (_frame.Length < bound) _frame = GC.AllocateUninitializedArray<byte>(bound);
                            var length = _codec.Compress(chunk.Array.AsSpan(chunk.Offset, chunk.Length), _frame);
                            bucket.File!.Write(_frame, 0, length);
                            bucket.FileFrames.Add(length);
                        }
                    }
                    catch (Exception e)
                    {
                        // Reported to the producer by its next Enqueue or by Complete; a background thread must not throw.
                        _error = e;
                    }
                }
                _pool.Return(chunk);
            }
        }
    }
}
