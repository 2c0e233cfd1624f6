using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Zstd;
using Stratus.Core;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// The blob files of a store (<see cref="AccountBlobWriter"/> writes them during a snapshot load): resolving references
/// into inline values, and per-file live bytes, kept in the metadata family ("blob/" ‖ id u32 BE → length u64 LE ‖
/// live u64 LE) and updated in the same batch as the accounts that stop referencing a file. Rooted writes are always
/// inline, so files only lose live bytes; one below <see cref="AccountStoreOptions.BlobCompactionRatio"/> is compacted
/// (its live entries written back inline, then the file deleted).
/// </summary>
internal sealed class AccountBlobs : IDisposable
{
    private static ReadOnlySpan<byte> KeyPrefix => "blob/"u8;

    /// <summary>The protocol's largest account (10 MiB): a reference naming more is corrupt.</summary>
    private const int MaxDataLength = 10 << 20;

    /// <summary>Entries up to this many bytes are read with one call; larger ones read their header first.</summary>
    private const int WholeEntryReadBytes = 64 << 10;

    private readonly string _directory;
    private readonly Dictionary<uint, FileState> _files = [];
    private readonly HashSet<uint> _dirty = [];
    private readonly HashSet<uint> _uncompactable = [];

    private ZstdBlockCodec? _codec;
    private byte[] _stored = [];

    public AccountBlobs(string directory) => _directory = directory;

    private ZstdBlockCodec Codec => _codec ??= new ZstdBlockCodec(1);

    public int Count => _files.Count;
    public IEnumerable<BlobFileInfo> Files => _files.Select(f => new BlobFileInfo(f.Key, f.Value.Length, f.Value.Live));

    public static byte[] Key(uint id)
    {
        var key = new byte[KeyPrefix.Length + 4];
        KeyPrefix.CopyTo(key);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(KeyPrefix.Length), id);
        return key;
    }

    private static byte[] Value(long length, long live)
    {
        var value = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(value, length);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(8), live);
        return value;
    }

    /// <summary>
    /// Reads the file list from the metadata family. For a trusted store, files on disk that it does not list are
    /// leftovers of an interrupted compaction and are deleted, and a listed file that is missing is an error.
    /// </summary>
    public void Load(RocksDatabase db, ColumnFamily metadata, bool trusted)
    {
        CloseAll();
        _files.Clear();
        _dirty.Clear();
        using (var iterator = db.NewIterator(metadata))
        {
            for (iterator.Seek(KeyPrefix); iterator.Valid && iterator.Key.StartsWith(KeyPrefix); iterator.Next())
            {
                var key = iterator.Key;
                var value = iterator.Value;
                if (key.Length != KeyPrefix.Length + 4 || value.Length != 16)
                    throw new AccountStoreException(AccountStoreError.CorruptValue, $"blob file metadata entry of {key.Length}/{value.Length} bytes is malformed");
                var id = BinaryPrimitives.ReadUInt32BigEndian(key[KeyPrefix.Length..]);
                _files[id] = new FileState(BinaryPrimitives.ReadInt64LittleEndian(value), BinaryPrimitives.ReadInt64LittleEndian(value[8..]));
            }
        }
        if (!trusted) return;
        if (Directory.Exists(_directory))
        {
            foreach (var path in Directory.EnumerateFiles(_directory))
            {
                if (BlobFileFormat.TryParseFileName(Path.GetFileName(path), out var id) && !_files.ContainsKey(id)) File.Delete(path);
            }
        }
        foreach (var (id, state) in _files)
        {
            var path = PathOf(id);
            if (!File.Exists(path))
                throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path} is listed in the store but missing");
            var length = new FileInfo(path).Length;
            if (length != state.Length)
                throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path} is {length} bytes, the store recorded {state.Length}");
        }
    }

    /// <summary>Registers the files of a load (in the batch that commits it).</summary>
    public void Register(WriteBatch batch, ColumnFamily metadata, IEnumerable<BlobFileInfo> files)
    {
        foreach (var file in files) batch.Put(metadata, Key(file.Id), Value(file.Length, file.LiveBytes));
    }

    private string PathOf(uint id) => Path.Combine(_directory, BlobFileFormat.FileName(id));

    /// <summary>The inline value of <paramref name="reference"/> (the account <paramref name="pubkey"/>).</summary>
    public byte[] Resolve(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> reference)
    {
        var dataLength = AccountEncoding.ReferencedDataLength(reference);
        if (dataLength is < 0 or > MaxDataLength)
            throw Corrupt(AccountEncoding.Location(reference), pubkey, $"the reference names {dataLength} data bytes");
        var value = new byte[AccountEncoding.HeaderSize + AccountEncoding.ReferencedDataLength(reference)];
        ResolveInto(pubkey, reference, value);
        return value;
    }

    /// <summary>
    /// Writes the inline value of <paramref name="reference"/> into <paramref name="destination"/> (which must hold
    /// <see cref="AccountEncoding.HeaderSize"/> + its data length), checking the entry's pubkey, length and checksum.
    /// </summary>
    public void ResolveInto(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> reference, Span<byte> destination)
    {
        var location = AccountEncoding.Location(reference);
        var dataLength = AccountEncoding.ReferencedDataLength(reference);
        var file = OpenFile(location.FileId, pubkey);
        var at = (long)location.Offset;
        if (dataLength < 0 || at < BlobFileFormat.HeaderSize || at + BlobFileFormat.EntryLength(dataLength) > file.Length)
            throw Corrupt(location, pubkey, "the entry runs past the end of the file");
        // A small entry is read whole (a compressed entry's tail is a hole, which reads as zeros without touching the
        // disk); a large one header first, then only its stored bytes.
        var entryLength = BlobFileFormat.EntryLength(dataLength);
        var readLength = entryLength <= WholeEntryReadBytes ? entryLength : BlobFileFormat.EntryHeaderSize;
        if (_stored.Length < readLength) _stored = new byte[Math.Max(readLength, WholeEntryReadBytes)];
        var entry = _stored.AsSpan(0, readLength);
        if (RandomAccess.Read(file.Handle!, entry, at) != readLength) throw Corrupt(location, pubkey, "the entry runs past the end of the file");
        if (!entry[..32].SequenceEqual(pubkey)) throw Corrupt(location, pubkey, $"the entry belongs to {Pubkey.Read(entry)}");
        var stored = BlobFileFormat.StoredLength(entry);
        if (BlobFileFormat.DataLength(entry) != dataLength || stored < 0 || stored > dataLength)
            throw Corrupt(location, pubkey, $"the entry holds {stored} bytes of {BlobFileFormat.DataLength(entry)}, the reference says {dataLength} data bytes");
        if (readLength < BlobFileFormat.EntryHeaderSize + stored)
        {
            if (_stored.Length < BlobFileFormat.EntryHeaderSize + stored) Array.Resize(ref _stored, BlobFileFormat.EntryHeaderSize + stored);
            entry = _stored.AsSpan(0, BlobFileFormat.EntryHeaderSize + stored);
            if (RandomAccess.Read(file.Handle!, entry[BlobFileFormat.EntryHeaderSize..], at + BlobFileFormat.EntryHeaderSize) != stored)
                throw Corrupt(location, pubkey, "the entry runs past the end of the file");
        }
        var bytes = entry.Slice(BlobFileFormat.EntryHeaderSize, stored);
        if (!BlobFileFormat.ChecksumMatches(entry, bytes)) throw Corrupt(location, pubkey, "checksum mismatch");
        if (!Unpack(bytes, destination.Slice(AccountEncoding.HeaderSize, dataLength))) throw Corrupt(location, pubkey, "the compressed data does not decompress to its length");
        AccountEncoding.WriteInlineHeader(reference, destination);
    }

    /// <summary>An entry's stored bytes into the data they hold; false unless that is exactly <paramref name="data"/>'s length.</summary>
    private bool Unpack(ReadOnlySpan<byte> stored, Span<byte> data)
    {
        if (stored.Length == data.Length)
        {
            stored.CopyTo(data);
            return true;
        }
        try
        {
            return Codec.Decompress(stored, data) == data.Length;
        }
        catch (ZstdException)
        {
            return false;
        }
    }

    private AccountStoreException Corrupt(BlobLocation location, ReadOnlySpan<byte> pubkey, string what) =>
        new(AccountStoreError.BlobFile, $"account {Pubkey.Read(pubkey)}: blob file {PathOf(location.FileId)} at offset {location.Offset}: {what}");

    private FileState OpenFile(uint id, ReadOnlySpan<byte> pubkey)
    {
        if (!_files.TryGetValue(id, out var state))
            throw new AccountStoreException(AccountStoreError.BlobFile, $"account {Pubkey.Read(pubkey)} references blob file {id}, which the store does not list");
        if (state.Handle != null) return state;
        var path = PathOf(id);
        try
        {
            state.Handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[BlobFileFormat.HeaderSize];
            var problem = RandomAccess.Read(state.Handle, header, 0) == header.Length ? BlobFileFormat.CheckHeader(header, id) : "shorter than its header";
            if (problem != null) throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path}: {problem}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path} cannot be read: {e.Message}");
        }
        catch
        {
            state.Handle?.Dispose();
            state.Handle = null;
            throw;
        }
        return state;
    }

    /// <summary>The rooted reference <paramref name="reference"/> was overwritten or deleted: its entry is dead.</summary>
    public void Release(ReadOnlySpan<byte> reference)
    {
        var id = AccountEncoding.Location(reference).FileId;
        if (!_files.TryGetValue(id, out var state)) return;
        state.Live = Math.Max(0, state.Live - BlobFileFormat.EntryLength(AccountEncoding.ReferencedDataLength(reference)));
        _dirty.Add(id);
    }

    /// <summary>Puts the live bytes changed since the last call into <paramref name="batch"/>.</summary>
    public void WriteChanges(WriteBatch batch, ColumnFamily metadata)
    {
        foreach (var id in _dirty)
            if (_files.TryGetValue(id, out var state)) batch.Put(metadata, Key(id), Value(state.Length, state.Live));
        _dirty.Clear();
    }

    /// <summary>The file with the smallest share of live bytes, if that share is below <paramref name="ratio"/>.</summary>
    public uint? CompactionCandidate(double ratio)
    {
        uint? best = null;
        var bestShare = ratio;
        foreach (var (id, state) in _files)
        {
            if (_uncompactable.Contains(id)) continue;
            var share = state.Length <= BlobFileFormat.HeaderSize ? 0 : (double)state.Live / (state.Length - BlobFileFormat.HeaderSize);
            if (share < bestShare)
            {
                best = id;
                bestShare = share;
            }
        }
        return best;
    }

    /// <summary>Leaves file <paramref name="id"/> out of compaction for the life of this store (it could not be read).</summary>
    public void SkipCompaction(uint id) => _uncompactable.Add(id);

    /// <summary>
    /// Compacts file <paramref name="id"/>: every entry still referenced by exactly that (file, offset) is written back
    /// inline, in one batch that also drops the file from the metadata; the file is deleted only after that batch.
    /// </summary>
    public void Compact(uint id, RocksDatabase db, ColumnFamily accounts, ColumnFamily metadata)
    {
        var path = PathOf(id);
        var state = _files[id];
        using var batch = new WriteBatch();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20))
        {
            Span<byte> header = stackalloc byte[Math.Max(BlobFileFormat.HeaderSize, BlobFileFormat.EntryHeaderSize)];
            var problem = stream.ReadAtLeast(header[..BlobFileFormat.HeaderSize], BlobFileFormat.HeaderSize, throwOnEndOfStream: false) == BlobFileFormat.HeaderSize
                ? BlobFileFormat.CheckHeader(header, id)
                : "shorter than its header";
            if (problem != null) throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path} cannot be compacted: {problem}");
            long at = BlobFileFormat.HeaderSize;
            var data = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                while (at < state.Length)
                {
                    var entryHeader = header[..BlobFileFormat.EntryHeaderSize];
                    if (stream.ReadAtLeast(entryHeader, entryHeader.Length, throwOnEndOfStream: false) != entryHeader.Length)
                        throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path}: entry at offset {at} runs past the end of the file");
                    var length = BlobFileFormat.DataLength(entryHeader);
                    var storedLength = BlobFileFormat.StoredLength(entryHeader);
                    if (length is < 0 or > MaxDataLength || storedLength < 0 || storedLength > length || at + BlobFileFormat.EntryLength(length) > state.Length)
                        throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path}: entry at offset {at} has bad lengths {storedLength}/{length}");
                    if (data.Length < AccountEncoding.HeaderSize + 2 * length)
                    {
                        ArrayPool<byte>.Shared.Return(data);
                        data = ArrayPool<byte>.Shared.Rent(AccountEncoding.HeaderSize + 2 * length);
                    }
                    var value = data.AsSpan(0, AccountEncoding.HeaderSize + length);
                    // The entry's whole span (stored bytes, then the hole of a compressed entry).
                    var span = data.AsSpan(AccountEncoding.HeaderSize + length, length);
                    stream.ReadExactly(span);
                    var stored = span[..storedLength];
                    if (!BlobFileFormat.ChecksumMatches(entryHeader, stored))
                        throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path}: entry at offset {at} fails its checksum");
                    var pubkey = entryHeader[..32];
                    var current = db.Get(accounts, pubkey);
                    if (current != null && AccountEncoding.IsReference(current) && AccountEncoding.Location(current) == new BlobLocation(id, (ulong)at))
                    {
                        if (!Unpack(stored, value[AccountEncoding.HeaderSize..]))
                            throw new AccountStoreException(AccountStoreError.BlobFile, $"blob file {path}: entry at offset {at} does not decompress to its length");
                        AccountEncoding.WriteInlineHeader(current, value);
                        batch.Put(accounts, pubkey, value);
                    }
                    at += BlobFileFormat.EntryLength(length);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }
        batch.Delete(metadata, Key(id));
        db.Write(batch);
        state.Handle?.Dispose();
        _files.Remove(id);
        _dirty.Remove(id);
        System.IO.File.Delete(path);
    }

    private void CloseAll()
    {
        foreach (var state in _files.Values)
        {
            state.Handle?.Dispose();
            state.Handle = null;
        }
    }

    public void Dispose()
    {
        CloseAll();
        _codec?.Dispose();
    }

    private sealed class FileState(long length, long live)
    {
        public long Length { get; } = length;
        public long Live { get; set; } = live;
        public SafeFileHandle? Handle { get; set; }
    }
}
