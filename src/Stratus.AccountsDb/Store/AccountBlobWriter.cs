using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Appends account data to blob files (<see cref="BlobFileFormat"/>) for the snapshot loader: one producer thread
/// copies entries into a buffer; full buffers are checksummed, written at their offsets and handed to the kernel for
/// writeback by a background thread, so the producer pays one copy per byte and the disk works while it goes on.
/// Buffered I/O on purpose: the data stays in the page cache for the reads that follow a load. Files are numbered
/// from 1 and cut at about <c>fileBytes</c>. A write error is rethrown on the producer thread.
/// </summary>
public sealed class AccountBlobWriter : IDisposable
{
    private const int Buffers = 3;

    private readonly string _directory;
    private readonly long _fileBytes;
    private readonly BlockingCollection<Pending> _queue = new(Buffers - 1);
    private readonly BlockingCollection<Pending> _free = new(Buffers);
    private readonly Thread _thread;
    private readonly List<(uint Id, SafeFileHandle Handle, string Path)> _files = [];
    private readonly List<BlobFileInfo> _finished = [];
    private Pending _current;
    private uint _fileId;
    private long _fileLength;
    private Exception? _failure;
    private bool _done;

    public AccountBlobWriter(string blobDirectory, long fileBytes, int writeBufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fileBytes, BlobFileFormat.HeaderSize + BlobFileFormat.EntryHeaderSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(writeBufferBytes, 4096);
        _directory = blobDirectory;
        _fileBytes = fileBytes;
        Directory.CreateDirectory(blobDirectory);
        for (var i = 0; i < Buffers; i++) _free.Add(new Pending(new byte[writeBufferBytes]));
        _current = _free.Take();
        _thread = new Thread(Run) { IsBackground = true, Name = "blob writer" };
        _thread.Start();
    }

    /// <summary>Bytes an entry with <paramref name="dataLength"/> data bytes occupies in its file.</summary>
    public static int EntryLength(int dataLength) => BlobFileFormat.EntryHeaderSize + dataLength;

    /// <summary>Bytes appended so far (entries and file headers).</summary>
    public long BytesWritten { get; private set; }

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
        BlobFileFormat.WriteEntryHeader(pubkey, data.Length, entry);
        data.CopyTo(entry[BlobFileFormat.EntryHeaderSize..]);
        _current.Entries.Add(_current.Used);
        var location = new BlobLocation(_fileId, (ulong)_fileLength);
        _current.Used += length;
        _fileLength += length;
        BytesWritten += length;
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
                FileSync.StartWriteback(handle, pending.FileOffset, pending.Used);
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
        foreach (var (_, handle, _) in _files) handle.Dispose();
        _files.Clear();
        _queue.Dispose();
        _free.Dispose();
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
