using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using Stratus.AccountsDb.Native;
using Stratus.AccountsDb.Zstd;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Appends account data to blob files (<see cref="BlobFileFormat"/>) for the snapshot loader. The producer thread
/// copies each entry into a buffer at the place it will have in its file (one copy per byte: an entry's place depends
/// only on its data length, so the reference can be written at once). A background thread compresses the entries of
/// full buffers (with a compression level: data of <see cref="MinCompressedBytes"/> or more, kept as a zstd frame when
/// smaller, the rest of its entry left as a hole), checksums them and writes them at their offsets; a second one
/// starts the kernel's writeback of each written range (which blocks while the disk's queue is full, so it must not
/// hold up the writes). Buffered I/O on purpose: the data stays in the page cache for the reads that follow a load.
/// Files are numbered from 1 and cut at about <c>fileBytes</c>. A write error is rethrown on the producer thread.
/// </summary>
public sealed class AccountBlobWriter : IDisposable
{
    /// <summary>Smaller data is stored as it is: a frame would save little and cost a decompression per read.</summary>
    public const int MinCompressedBytes = 256;

    private const int Buffers = 4;

    private readonly string _directory;
    private readonly long _fileBytes;
    private readonly BlockingCollection<Pending> _queue = new(Buffers - 1);
    private readonly BlockingCollection<Pending> _free = new(Buffers);
    private readonly Thread _thread;
    private readonly BlockingCollection<(SafeFileHandle File, long Offset, long Count)> _writeback = new();
    private readonly Thread _flusher;
    private readonly List<(uint Id, SafeFileHandle Handle, string Path, long Length)> _files = [];
    private readonly List<BlobFileInfo> _finished = [];
    private readonly ZstdBlockCodec? _codec;
    private byte[] _frame = [];
    private Pending _current;
    private uint _fileId;
    private long _fileLength;
    private Exception? _failure;
    private bool _done;

    /// <param name="compressionLevel">zstd level of the stored data, or null to store it raw.</param>
    public AccountBlobWriter(string blobDirectory, long fileBytes, int writeBufferBytes, int? compressionLevel = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fileBytes, BlobFileFormat.HeaderSize + BlobFileFormat.EntryHeaderSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(writeBufferBytes, 4096);
        _directory = blobDirectory;
        _fileBytes = fileBytes;
        if (compressionLevel is { } level) _codec = new ZstdBlockCodec(level);
        Directory.CreateDirectory(blobDirectory);
        for (var i = 0; i < Buffers; i++) _free.Add(new Pending(new byte[writeBufferBytes]));
        _current = _free.Take();
        _thread = new Thread(Run) { IsBackground = true, Name = "blob writer" };
        _thread.Start();
        _flusher = new Thread(Flush) { IsBackground = true, Name = "blob writeback" };
        _flusher.Start();
    }

    /// <summary>Bytes an entry with <paramref name="dataLength"/> data bytes occupies in its file (holes included).</summary>
    public static int EntryLength(int dataLength) => BlobFileFormat.EntryLength(dataLength);

    /// <summary>Bytes the files span so far (entries, holes included, and file headers).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Data bytes appended so far.</summary>
    public long DataBytes { get; private set; }

    /// <summary>Bytes actually written (file headers, entry headers and stored data, without holes), once finished.</summary>
    public long StoredBytes { get; private set; }

    /// <summary>The files written, after <see cref="Finish"/> (live bytes = length: the caller knows which entries live).</summary>
    public IReadOnlyList<BlobFileInfo> Files => _finished;

    /// <summary>Copies an entry for <paramref name="pubkey"/>; returns where it will be.</summary>
    public BlobLocation Append(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> data)
    {
        ThrowIfFailed();
        if (_done) throw new InvalidOperationException("the blob writer is finished");
        var length = EntryLength(data.Length);
        if (_fileId == 0 || (_fileLength + length > _fileBytes && _fileLength > BlobFileFormat.HeaderSize)) StartFile();
        if (_current.Used + length > _current.Buffer.Length)
        {
            Submit();
            if (length > _current.Buffer.Length) _current.Buffer = new byte[length];
        }
        var entry = _current.Buffer.AsSpan(_current.Used, length);
        BlobFileFormat.WriteEntryHeader(pubkey, data.Length, data.Length, entry);
        data.CopyTo(entry[BlobFileFormat.EntryHeaderSize..]);
        _current.Entries.Add(_current.Used);
        var location = new BlobLocation(_fileId, (ulong)_fileLength);
        _current.Used += length;
        _fileLength += length;
        BytesWritten += length;
        DataBytes += data.Length;
        return location;
    }

    private void StartFile()
    {
        if (_current.Used > 0) Submit();
        _fileId++;
        _current.FileId = _fileId;
        _current.FileOffset = 0;
        BlobFileFormat.WriteHeader(_fileId, _current.Buffer);
        _current.Used = BlobFileFormat.HeaderSize;
        _fileLength = BlobFileFormat.HeaderSize;
        BytesWritten += BlobFileFormat.HeaderSize;
        _finished.Add(new BlobFileInfo(_fileId, 0, 0));
    }

    /// <summary>Queues the current buffer for writing and takes a free one (waiting for the writer if none is).</summary>
    private void Submit()
    {
        var full = _current;
        // Read before queueing: once queued, the writer may finish with the buffer and reset it.
        var fileId = full.FileId;
        var nextOffset = full.FileOffset + full.Used;
        try
        {
            _queue.Add(full);
            _current = _free.Take();
        }
        catch (InvalidOperationException)
        {
            // The writer stopped (it failed): its error says why.
            ThrowIfFailed();
            throw;
        }
        _current.FileId = fileId;
        _current.FileOffset = nextOffset;
    }

    /// <summary>Writes what is left and makes every file (at its full length, holes included) and the directory durable.</summary>
    public void Finish()
    {
        if (_done) return;
        _done = true;
        if (_current.Used > 0) _queue.Add(_current);
        _queue.CompleteAdding();
        _thread.Join();
        _flusher.Join();
        ThrowIfFailed();
        try
        {
            for (var i = 0; i < _files.Count; i++)
            {
                var (id, handle, path, length) = _files[i];
                // A compressed last entry leaves its tail unwritten: the file still spans it.
                if (RandomAccess.GetLength(handle) != length) RandomAccess.SetLength(handle, length);
                FileSync.Data(handle, path);
                _finished[(int)id - 1] = new BlobFileInfo(id, length, length);
            }
            FileSync.Directory(_directory);
        }
        catch (IOException e)
        {
            throw new AccountStoreException(AccountStoreError.BlobFile, $"blob files in {_directory}: {e.Message}");
        }
    }

    private void Run()
    {
        try
        {
            foreach (var pending in _queue.GetConsumingEnumerable())
            {
                var handle = Handle(pending.FileId);
                Write(handle, pending);
                var (id, file, path, length) = _files[^1];
                _files[^1] = (id, file, path, Math.Max(length, pending.FileOffset + pending.Used));
                _writeback.Add((handle, pending.FileOffset, pending.Used));
                pending.Used = 0;
                pending.Entries.Clear();
                _free.Add(pending);
            }
        }
        catch (Exception e)
        {
            // Whatever stops the writer (I/O, a full disk, a compressor error) is the producer's error, never the process's.
            _failure = new AccountStoreException(AccountStoreError.BlobFile, $"writing blob files in {_directory}: {e.Message}");
            _queue.CompleteAdding();
            _free.CompleteAdding();
        }
        finally
        {
            _writeback.CompleteAdding();
        }
    }

    /// <summary>
    /// Compresses and seals each entry of the buffer, then writes the bytes that hold something: runs of consecutive
    /// entries, each run ending at an entry whose compressed tail is left as a hole.
    /// </summary>
    private void Write(SafeFileHandle handle, Pending pending)
    {
        var buffer = pending.Buffer;
        var runStart = 0;
        foreach (var at in pending.Entries)
        {
            var entry = buffer.AsSpan(at);
            var dataLength = BlobFileFormat.DataLength(entry);
            var stored = Compress(entry.Slice(BlobFileFormat.EntryHeaderSize, dataLength));
            BlobFileFormat.WriteEntryHeader(entry[..32], dataLength, stored, entry);
            BlobFileFormat.Seal(entry);
            StoredBytes += BlobFileFormat.EntryHeaderSize + stored;
            if (stored == dataLength) continue;
            var end = at + BlobFileFormat.EntryHeaderSize + stored;
            RandomAccess.Write(handle, buffer.AsSpan(runStart, end - runStart), pending.FileOffset + runStart);
            runStart = at + EntryLength(dataLength);
        }
        if (runStart < pending.Used) RandomAccess.Write(handle, buffer.AsSpan(runStart, pending.Used - runStart), pending.FileOffset + runStart);
        if (pending.FileOffset == 0) StoredBytes += BlobFileFormat.HeaderSize;
    }

    /// <summary>Replaces <paramref name="data"/>'s start by its zstd frame when that is smaller; returns the bytes stored.</summary>
    private int Compress(Span<byte> data)
    {
        if (_codec == null || data.Length < MinCompressedBytes) return data.Length;
        if (_frame.Length < data.Length) _frame = new byte[Math.Max(data.Length, 1 << 20)];
        var frame = _codec.TryCompress(data, _frame.AsSpan(0, data.Length - 1));
        if (frame < 0) return data.Length;
        _frame.AsSpan(0, frame).CopyTo(data);
        return frame;
    }

    private void Flush()
    {
        foreach (var (file, offset, count) in _writeback.GetConsumingEnumerable())
            if (!file.IsClosed) FileSync.StartWriteback(file, offset, count);
    }

    private SafeFileHandle Handle(uint id)
    {
        if (_files.Count > 0 && _files[^1].Id == id) return _files[^1].Handle;
        var path = Path.Combine(_directory, BlobFileFormat.FileName(id));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        _files.Add((id, handle, path, 0));
        return handle;
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure) throw new AccountStoreException(AccountStoreError.BlobFile, failure.Message);
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        _thread.Join();
        _flusher.Join();
        foreach (var file in _files) file.Handle.Dispose();
        _files.Clear();
        _queue.Dispose();
        _free.Dispose();
        _writeback.Dispose();
        _codec?.Dispose();
    }

    private sealed class Pending(byte[] buffer)
    {
        public byte[] Buffer = buffer;
        public int Used;
        public uint FileId;
        public long FileOffset;
        public List<int> Entries { get; } = [];
    }
}
