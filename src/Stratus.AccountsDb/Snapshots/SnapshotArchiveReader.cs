using System.Diagnostics.CodeAnalysis;
using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Stratus.AccountsDb.Zstd;
using Stratus.AccountsDb.Genesis;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// Reads a snapshot archive (<c>.tar.zst</c>, <c>.tar.gz</c> or <c>.tar</c>) as a stream, extracting nothing to disk.
/// <see cref="ReadHeader"/> reads everything before the first accounts file (version, manifest, status cache);
/// then <see cref="TryReadNextAccountsFile"/> hands out accounts files one at a time in archive order, each checked
/// against the manifest and record by record. Any problem throws <see cref="SnapshotFormatException"/> naming the
/// entry and offset. A full load combines archives later: for each pubkey the highest slot wins.
/// </summary>
public sealed class SnapshotArchiveReader : IDisposable
{
    public const string SupportedVersion = "1.2.0";

    /// <summary>Largest version file Agave accepts (MAX_SNAPSHOT_VERSION_FILE_SIZE).</summary>
    private const int MaxVersionFileSize = 8;

    /// <summary>Agave's MAXIMUM_APPEND_VEC_FILE_SIZE.</summary>
    public const long MaxAccountsFileSize = 16L * 1024 * 1024 * 1024;

    private readonly Stream _tarStream;
    private readonly TarReader _tar;
    private readonly SnapshotReadOptions _options;
    private readonly SnapshotArchiveName? _name;
    private readonly AccountsFile _file = new();
    private readonly HashSet<(ulong Slot, ulong Id)> _seenFiles = [];
    private Dictionary<(ulong Slot, ulong Id), ulong>? _storages;
    private TarEntry? _pending;
    private string? _version;
    private SnapshotManifest? _manifest;
    private StatusCache? _statusCache;
    private bool _headerRead;
    private bool _finished;
    private string? _lastEntry;

    /// <param name="archive">The archive bytes; read sequentially, need not be seekable.</param>
    /// <param name="fileName">The archive's file name, if known: gives the base slot of an incremental snapshot.</param>
    public SnapshotArchiveReader(Stream archive, SnapshotReadOptions? options = null, bool leaveOpen = false, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        _options = options ?? new SnapshotReadOptions();
        _name = fileName == null ? null : SnapshotArchiveName.TryParse(fileName);
        _tarStream = ArchiveStreams.OpenTar(archive, leaveOpen, out var compression);
        Compression = compression;
        _tar = new TarReader(_tarStream, leaveOpen: true);
    }

    public static SnapshotArchiveReader Open(string path, SnapshotReadOptions? options = null)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotFormatException(SnapshotError.Io, $"cannot open {path}: {e.Message}", inner: e);
        }
        try
        {
            return new SnapshotArchiveReader(file, options, leaveOpen: false, fileName: path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public ArchiveCompression Compression { get; }

    /// <summary>What the file name says (null if not given or not a standard snapshot name).</summary>
    public SnapshotArchiveName? ArchiveName => _name;

    /// <summary>The version file's content ("1.2.0").</summary>
    public string Version => Header()._version!;

    public SnapshotManifest Manifest => Header()._manifest!;

    public StatusCache StatusCache => Header()._statusCache!;

    /// <summary>The full snapshot's slot for an incremental archive, or null for a full one (or when unknown).</summary>
    public ulong? IncrementalBaseSlot => _options.IncrementalBaseSlot ?? Manifest.IncrementalBaseSlot ?? _name?.BaseSlot;

    /// <summary>Accounts files returned so far.</summary>
    public int AccountsFilesRead { get; private set; }

    private SnapshotArchiveReader Header()
    {
        ReadHeader();
        return this;
    }

    /// <summary>Reads the version, manifest and status cache (everything before the first accounts file). Idempotent.</summary>
    public void ReadHeader()
    {
        if (_headerRead) return;
        while (NextEntry() is { } entry)
        {
            var kind = Classify(entry, out var slot, out var id);
            switch (kind)
            {
                case EntryKind.Directory:
                case EntryKind.Metadata:
                    continue;
                case EntryKind.Version:
                    if (_version != null) throw Duplicate(entry);
                    _version = ReadVersion(entry);
                    continue;
                case EntryKind.Manifest:
                    if (_manifest != null) throw new SnapshotFormatException(SnapshotError.MissingManifest, "the archive holds more than one manifest", entry.Name);
                    _manifest = ReadManifest(entry, slot);
                    continue;
                case EntryKind.StatusCache:
                    if (_statusCache != null) throw Duplicate(entry);
                    _statusCache = ReadStatusCache(entry);
                    continue;
                case EntryKind.AccountsFile:
                    _pending = entry;
                    break;
            }
            break;
        }

        var where = _pending == null ? "in the archive" : $"before the first accounts file ({_pending.Name})";
        if (_version == null) throw new SnapshotFormatException(SnapshotError.MissingVersion, $"no version file {where}");
        if (_manifest == null) throw new SnapshotFormatException(SnapshotError.MissingManifest, $"no snapshots/<slot>/<slot> manifest {where}");
        if (_statusCache == null) throw new SnapshotFormatException(SnapshotError.MissingStatusCache, $"no snapshots/status_cache {where}");

        _storages = new Dictionary<(ulong, ulong), ulong>();
        foreach (var s in _manifest.AccountsDb.Storages) _storages[(s.Slot, s.Id)] = s.AccountsCurrentLen;
        _headerRead = true;
    }

    /// <summary>
    /// Reads the next accounts file. Returns false at the end of the archive, after checking that every storage
    /// the manifest lists for this archive's slots was present. The returned object is reused by the next call.
    /// </summary>
    public bool TryReadNextAccountsFile([NotNullWhen(true)] out AccountsFile? file)
    {
        file = TryReadNextAccountsFile(_file) ? _file : null;
        return file != null;
    }

    /// <summary>
    /// Reads the next accounts file into <paramref name="into"/> (a reader can fill several instances in turn, e.g.
    /// on a background thread while the previous file is still being used).
    /// </summary>
    public bool TryReadNextAccountsFile(AccountsFile into)
    {
        ReadHeader();
        if (_finished) return false;
        while (true)
        {
            var entry = _pending ?? NextEntry();
            _pending = null;
            if (entry == null)
            {
                _finished = true;
                DrainCompressedStream();
                CheckAllStoragesSeen();
                return false;
            }
            var kind = Classify(entry, out var slot, out var id);
            switch (kind)
            {
                case EntryKind.Directory:
                case EntryKind.Metadata:
                    continue;
                case EntryKind.AccountsFile:
                    ReadAccountsFile(entry, slot, id, into);
                    AccountsFilesRead++;
                    return true;
                default:
                    throw new SnapshotFormatException(SnapshotError.UnexpectedEntry,
                        $"{kind} entry after the accounts files began (it must come before them)", entry.Name);
            }
        }
    }

    /// <summary>
    /// Every account record in archive order, copied out (convenient, allocates per account). Bulk loaders should use
    /// <see cref="TryReadNextAccountsFile"/> and <see cref="AccountsFile.GetReader"/> instead.
    /// </summary>
    public IEnumerable<SnapshotAccount> EnumerateAccounts()
    {
        while (TryReadNextAccountsFile(out var file))
        {
            var offset = 0;
            while (offset < file.ValidLength)
            {
                var record = file.RecordAt(offset);
                var account = new SnapshotAccount(file.Slot, file.Id, record.Pubkey, record.ToAccount());
                offset += record.StoredSize;
                yield return account;
            }
        }
    }

    // The tar end marker can come before the end of the compressed frame (record padding, the zstd checksum):
    // read on so a truncated or corrupted tail is reported instead of silently accepted.
    private void DrainCompressedStream()
    {
        if (Compression == ArchiveCompression.None) return;
        var scratch = new byte[64 * 1024];
        try
        {
            while (_tarStream.Read(scratch) > 0) { }
        }
        catch (Exception e) when (e is not SnapshotFormatException)
        {
            throw Translate(e, "(after the tar end marker)");
        }
    }

    private void CheckAllStoragesSeen()
    {
        var baseSlot = IncrementalBaseSlot;
        foreach (var s in _manifest!.AccountsDb.Storages)
        {
            if (baseSlot is { } b && s.Slot <= b) continue;
            if (!_seenFiles.Contains((s.Slot, s.Id)))
                throw new SnapshotFormatException(SnapshotError.MissingAccountsFile,
                    $"the manifest lists {s.ArchivePath} ({s.AccountsCurrentLen} bytes) but the archive ended without it"
                    + (baseSlot is { } bb ? $" (incremental base slot {bb})" : ""));
        }
    }

    private void ReadAccountsFile(TarEntry entry, ulong slot, ulong id, AccountsFile file)
    {
        if (!_seenFiles.Add((slot, id))) throw Duplicate(entry);
        if (!_storages!.TryGetValue((slot, id), out var currentLen))
            throw new SnapshotFormatException(SnapshotError.UnlistedAccountsFile,
                $"accounts file for slot {slot}, id {id} is not listed in the manifest", entry.Name);
        var size = entry.Length;
        if (size == 0)
            throw new SnapshotFormatException(SnapshotError.AccountsFileSize, "accounts file is empty", entry.Name);
        if (size > MaxAccountsFileSize)
            throw new SnapshotFormatException(SnapshotError.AccountsFileSize, $"accounts file is {size} bytes, over the {MaxAccountsFileSize}-byte limit", entry.Name);
        if (currentLen > (ulong)size)
            throw new SnapshotFormatException(SnapshotError.AccountsFileSize,
                $"manifest accounts_current_len {currentLen} exceeds the file size {size}", entry.Name);
        if (currentLen > (ulong)Array.MaxLength)
            throw new SnapshotFormatException(SnapshotError.EntryTooLarge,
                $"accounts_current_len {currentLen} is more than Stratus holds in memory ({Array.MaxLength})", entry.Name);

        file.Set(slot, id, size, 0);
        ReadGrowing(entry, ref file.Buffer, (int)currentLen);
        file.Set(slot, id, size, (int)currentLen);
        var error = AccountsFileReader.Validate(file.ValidBytes, out var count, out var offset, out var message);
        if (error != AccountsFileError.None)
            throw new SnapshotFormatException(SnapshotError.AccountsFileRecord, $"{error}: {message}", entry.Name, offset);
        file.SetCount(count);
    }

    private string ReadVersion(TarEntry entry)
    {
        if (entry.Length > MaxVersionFileSize)
            throw new SnapshotFormatException(SnapshotError.UnsupportedVersion, $"version file is {entry.Length} bytes (at most {MaxVersionFileSize})", entry.Name);
        var bytes = new byte[entry.Length];
        ReadExactly(entry, bytes);
        var text = Encoding.ASCII.GetString(bytes).Trim();
        if (text != SupportedVersion)
            throw new SnapshotFormatException(SnapshotError.UnsupportedVersion, $"snapshot version '{Printable(text)}' (only {SupportedVersion} is supported)", entry.Name);
        return text;
    }

    private SnapshotManifest ReadManifest(TarEntry entry, ulong slot)
    {
        var bytes = ReadMetadata(entry);
        var error = SnapshotManifest.TryParse(bytes, out var manifest, _options.AllowManifestTrailingBytes);
        if (error.IsError)
            throw new SnapshotFormatException(SnapshotError.Manifest, error.ToString(), entry.Name, error.Offset);
        if (manifest!.Bank.Slot != slot)
            throw new SnapshotFormatException(SnapshotError.Manifest, $"manifest is for slot {manifest.Bank.Slot} but stored as {entry.Name}", entry.Name);
        return manifest;
    }

    private StatusCache ReadStatusCache(TarEntry entry)
    {
        var bytes = ReadMetadata(entry);
        var error = StatusCache.TryParse(bytes, out var cache);
        if (error.IsError)
            throw new SnapshotFormatException(SnapshotError.StatusCache, error.ToString(), entry.Name, error.Offset);
        return cache!;
    }

    private byte[] ReadMetadata(TarEntry entry)
    {
        if (entry.Length > _options.MaxMetadataEntrySize || entry.Length > Array.MaxLength)
            throw new SnapshotFormatException(SnapshotError.EntryTooLarge,
                $"{entry.Length} bytes, over the {Math.Min(_options.MaxMetadataEntrySize, Array.MaxLength)}-byte limit", entry.Name);
        byte[] bytes = [];
        ReadGrowing(entry, ref bytes, (int)entry.Length);
        return bytes.Length == entry.Length ? bytes : bytes[..(int)entry.Length];
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes of the entry into <paramref name="buffer"/>, growing it by doubling as
    /// data actually arrives, so a size field that lies cannot force a huge allocation before the data runs out.
    /// </summary>
    private static void ReadGrowing(TarEntry entry, ref byte[] buffer, int length)
    {
        const int FirstChunk = 1 << 20;
        try
        {
            if (length == 0) return;
            var data = entry.DataStream ?? throw new SnapshotFormatException(SnapshotError.Tar, "entry has no data stream", entry.Name);
            var filled = 0;
            while (filled < length)
            {
                if (buffer.Length == filled || buffer.Length < Math.Min(length, FirstChunk))
                {
                    var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(length, Math.Max(FirstChunk, 2L * buffer.Length)));
                    buffer.AsSpan(0, filled).CopyTo(grown);
                    buffer = grown;
                }
                var n = data.Read(buffer.AsSpan(filled, Math.Min(buffer.Length, length) - filled));
                if (n == 0)
                    throw new SnapshotFormatException(SnapshotError.Truncated, $"entry data ends after {filled} of {length} bytes", entry.Name, filled);
                filled += n;
            }
        }
        catch (Exception e) when (e is not SnapshotFormatException)
        {
            throw Translate(e, entry.Name);
        }
    }

    private void ReadExactly(TarEntry entry, Span<byte> destination)
    {
        try
        {
            if (destination.IsEmpty) return;
            var data = entry.DataStream ?? throw new SnapshotFormatException(SnapshotError.Tar, "entry has no data stream", entry.Name);
            data.ReadExactly(destination);
        }
        catch (Exception e) when (e is not SnapshotFormatException)
        {
            throw Translate(e, entry.Name);
        }
    }

    private TarEntry? NextEntry()
    {
        try
        {
            var entry = _tar.GetNextEntry(copyData: false);
            _lastEntry = entry?.Name;
            return entry;
        }
        catch (Exception e) when (e is not SnapshotFormatException)
        {
            // GetNextEntry also skips the unread rest of the previous entry, so a failure may lie inside it.
            throw Translate(e, _lastEntry == null ? null : $"after {_lastEntry}");
        }
    }

    private static SnapshotFormatException Translate(Exception e, string? entry)
    {
        if (e is DecompressionFailedException { InnerException: { } inner })
        {
            return inner switch
            {
                ZstdException { ErrorCode: ZstdErrorCode.Truncated } z => new SnapshotFormatException(SnapshotError.Truncated,
                    $"compressed stream ends early: {z.Reason}", entry, z.CompressedOffset, z),
                ZstdException z => new SnapshotFormatException(SnapshotError.Compression,
                    $"zstd: {z.Reason}", entry, z.CompressedOffset, z),
                InvalidDataException => new SnapshotFormatException(SnapshotError.Compression, $"gzip: {inner.Message}", entry, null, inner),
                _ => new SnapshotFormatException(SnapshotError.Io, $"reading the archive failed: {inner.Message}", entry, null, inner),
            };
        }
        return e switch
        {
            EndOfStreamException => new SnapshotFormatException(SnapshotError.Truncated, $"archive ends inside a tar entry: {e.Message}", entry, null, e),
            InvalidDataException or FormatException or ArgumentException or InvalidOperationException =>
                new SnapshotFormatException(SnapshotError.Tar, $"malformed tar: {e.Message}", entry, null, e),
            IOException => new SnapshotFormatException(SnapshotError.Io, $"reading the archive failed: {e.Message}", entry, null, e),
            _ => new SnapshotFormatException(SnapshotError.Tar, $"malformed tar: {e.GetType().Name}: {e.Message}", entry, null, e),
        };
    }

    private enum EntryKind
    {
        Directory,
        Metadata,
        Version,
        Manifest,
        StatusCache,
        AccountsFile,
    }

    // The entries Agave's hardened unpacker accepts (is_valid_snapshot_archive_entry), minus GNU sparse files.
    private static EntryKind Classify(TarEntry entry, out ulong slot, out ulong id)
    {
        slot = 0;
        id = 0;
        var type = entry.EntryType;
        if (type is TarEntryType.GlobalExtendedAttributes) return EntryKind.Metadata;
        var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
        var parts = name.TrimEnd('/').Split('/');
        var isDirectory = type == TarEntryType.Directory;
        var isFile = type is TarEntryType.RegularFile or TarEntryType.V7RegularFile;

        if (isDirectory)
        {
            if (parts is ["accounts"] or ["snapshots"]) return EntryKind.Directory;
            if (parts is ["snapshots", var d] && AllDigits(d)) return EntryKind.Directory;
        }
        else if (isFile)
        {
            if (parts is ["version"]) return EntryKind.Version;
            if (parts is ["snapshots", "status_cache"]) return EntryKind.StatusCache;
            if (parts is ["snapshots", var dir, var file] && AllDigits(dir) && AllDigits(file))
            {
                if (dir != file || !TryParseSlot(dir, out slot))
                    throw new SnapshotFormatException(SnapshotError.UnexpectedEntry, "manifest path must be snapshots/<slot>/<slot> with a u64 slot", entry.Name);
                return EntryKind.Manifest;
            }
            if (parts is ["accounts", var storage])
            {
                var dot = storage.IndexOf('.');
                if (dot > 0 && AllDigits(storage[..dot]) && AllDigits(storage[(dot + 1)..]))
                {
                    if (!TryParseSlot(storage[..dot], out slot) || !TryParseSlot(storage[(dot + 1)..], out id))
                        throw new SnapshotFormatException(SnapshotError.UnexpectedEntry, "accounts file slot or id does not fit in u64", entry.Name);
                    return EntryKind.AccountsFile;
                }
            }
        }
        var what = type == TarEntryType.SparseFile ? "sparse file (not supported)" : type.ToString();
        throw new SnapshotFormatException(SnapshotError.UnexpectedEntry, $"{what} entry that a snapshot archive may not contain", entry.Name);
    }

    private static bool AllDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static bool TryParseSlot(string s, out ulong value) => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static SnapshotFormatException Duplicate(TarEntry entry)
        => new(SnapshotError.DuplicateEntry, "the archive holds this file twice", entry.Name);

    public void Dispose()
    {
        _tar.Dispose();
        _tarStream.Dispose();
    }
}
