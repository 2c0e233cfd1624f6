using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using Stratus.AccountsDb.Native;
using Stratus.AccountsDb.Zstd;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Appends account data to blob files (<see cref="BlobFileFormat"/>) for the snapshot loader: one producer thread
/// copies entries into a buffer; full buffers are checksummed and written at their offsets by a background thread,
/// and a second one starts the kernel's writeback of each written range (which blocks while the disk's queue is full,
/// so it must not hold up the writes), so the producer pays one copy per byte and the disk works while it goes on.
/// Buffered I/O on purpose: the data stays in the page cache for the reads that follow a load. With a compression
/// level, data of <see cref="MinCompressedBytes"/> or more is stored as a zstd frame when that is smaller (on the
/// producer, which has the data in cache and must know the entry's length at once). Files are numbered from 1 and cut
/// at about <c>fileBytes</c>. A write error is rethrown on the producer thread.
/// </summary>
public sealed class AccountBlobWriter : IDisposable
{
    private const int Buffers = 4;

    private readonly string _directory;
    private readonly long _fileBytes;
    private readonly BlockingCollection<Pending> _queue = new(Buffers - 1);
    private readonly BlockingCollection<Pending> _free = new(Buffers);
    private readonly Thread _thread;
    private readonly BlockingCollection<(SafeFileHandle File, long Offset, long Count)> _writeback = new();
    private readonly Thread _flusher;
    private readonly List<(uint Id, SafeFileHandle Handle, string Path)> _files = [];
    private readonly List<BlobFileInfo> _finished = [];
    private Pending _current;
    private uint _fileId;
    private long _fileLength;
    private Exception? _failure;
    private bool _done;
    private readonly ZstdBlockCodec? _codec;

    /// <summary>Smaller data is stored as it is: a frame would save little and cost a decompression per read.</summary>
    public const int MinCompressedBytes = 256;

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

    /// <summary>Bytes an entry whose data takes <paramref name="storedLength"/> bytes occupies in its file.</summary>
    public static int EntryLength(int storedLength) => BlobFileFormat.EntryHeaderSize + storedLength;

    /// <summary>Bytes appended so far (entries and file headers).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Data bytes appended so far, before compression.</summary>
    public long DataBytes { get; private set; }

    /// <summary>The files written, after <see cref="Finish"/> (live bytes = length: the caller knows which entries live).</summary>
    public IReadOnlyList<BlobFileInfo> Files => _finished;

    /// <summary>Copies an entry for <paramref name="pubkey"/>; returns where it will be.</summary>
    public BlobLocation Append(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> data)
    {
        ThrowIfFailed();
        if (_done) throw new InvalidOperationException("the blob writer is finished");
        // Room for the data as it is; a frame must be smaller to be kept.
        var room = EntryLength(data.Length);
        if (_fileId == 0 || (_fileLength + room > _fileBytes && _fileLength > BlobFileFormat.HeaderSize)) StartFile();
        if (_current.Used + room > _current.Buffer.Length)
        {
            Submit();
            if (room > _current.Buffer.Length) _current.Buffer = new byte[room];
        }
        var entry = _current.Buffer.AsSpan(_current.Used, room);
        var stored = -1;
        if (_codec != null && data.Length >= MinCompressedBytes)
            stored = _codec.TryCompress(data, entry.Slice(BlobFileFormat.EntryHeaderSize, data.Length - 1));
        if (stored < 0)
        {
            stored = data.Length;
            data.CopyTo(entry[BlobFileFormat.EntryHeaderSize..]);
        }
        BlobFileFormat.WriteEntryHeader(pubkey, data.Length, stored, entry);
        var length = EntryLength(stored);
        _current.Entries.Add(_current.Used);
        var location = new BlobLocation(_fileId, (ulong)_fileLength, stored);
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
        _fileLength = 0;
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

    /// <summary>Writes what is left and makes every file and the directory durable.</summary>
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
            foreach (var (id, handle, path) in _files)
            {
                FileSync.Data(handle, path);
                var index = (int)id - 1;
                var length = RandomAccess.GetLength(handle);
                _finished[index] = new BlobFileInfo(id, length, length);
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
                foreach (var at in pending.Entries) BlobFileFormat.Seal(pending.Buffer.AsSpan(at));
                RandomAccess.Write(handle, pending.Buffer.AsSpan(0, pending.Used), pending.FileOffset);
                _writeback.Add((handle, pending.FileOffset, pending.Used));
                pending.Used = 0;
                pending.Entries.Clear();
                _free.Add(pending);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = new AccountStoreException(AccountStoreError.BlobFile, $"writing blob files in {_directory}: {e.Message}");
            _queue.CompleteAdding();
            _free.CompleteAdding();
        }
        finally
        {
            _writeback.CompleteAdding();
        }
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
        _files.Add((id, handle, path));
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
        foreach (var (_, handle, _) in _files) handle.Dispose();
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
