using Stratus.Core.Accounts;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// One accounts file from an archive, already checked record by record. The reader reuses this object and its
/// buffer: the contents are valid only until the next call to <see cref="SnapshotArchiveReader.TryReadNextAccountsFile"/>.
/// </summary>
public sealed class AccountsFile
{
    private byte[] _buffer = [];

    /// <summary>Slot the file belongs to (from <c>accounts/&lt;slot&gt;.&lt;id&gt;</c>).</summary>
    public ulong Slot { get; private set; }

    public ulong Id { get; private set; }

    /// <summary>Size of the file in the archive; may exceed <see cref="ValidLength"/>.</summary>
    public long FileSize { get; private set; }

    /// <summary>accounts_current_len from the manifest: the bytes that hold records.</summary>
    public int ValidLength { get; private set; }

    /// <summary>Number of account records.</summary>
    public int AccountCount { get; private set; }

    public string ArchivePath => $"accounts/{Slot}.{Id}";

    public ReadOnlySpan<byte> ValidBytes => _buffer.AsSpan(0, ValidLength);

    /// <summary>Records in file order. Within one file each pubkey normally appears once.</summary>
    public AccountsFileReader GetReader() => new(ValidBytes);

    /// <summary>The record at <paramref name="offset"/> (a record boundary from an earlier record's StoredSize).</summary>
    public StoredAccount RecordAt(int offset)
    {
        var bytes = ValidBytes;
        var dataLength = (int)StoredAccount.ReadDataLength(bytes.Slice(offset, StoredAccount.HeaderSize));
        var length = StoredAccount.HeaderSize + dataLength;
        return new StoredAccount(bytes.Slice(offset, length), offset, (length + 7) & ~7);
    }

    /// <summary>
    /// Record offsets ordered by pubkey (byte order), for building sorted runs (e.g. SST files) per accounts file.
    /// The sort is stable: if a pubkey occurs more than once in the file, its records stay in file order and the
    /// last one is the newest.
    /// </summary>
    public int[] GetOffsetsSortedByPubkey()
    {
        var offsets = new int[AccountCount];
        var reader = GetReader();
        var i = 0;
        while (reader.MoveNext()) offsets[i++] = (int)reader.Current.Offset;
        var keys = new Stratus.Core.Pubkey[offsets.Length];
        for (i = 0; i < offsets.Length; i++) keys[i] = RecordAt(offsets[i]).Pubkey;
        var order = new int[offsets.Length];
        for (i = 0; i < order.Length; i++) order[i] = i;
        // Array.Sort is unstable; breaking ties by file position makes it stable.
        Array.Sort(order, (a, b) =>
        {
            var c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var sorted = new int[offsets.Length];
        for (i = 0; i < order.Length; i++) sorted[i] = offsets[order[i]];
        return sorted;
    }

    /// <summary>The reusable buffer the archive reader fills (it grows it as data arrives).</summary>
    internal ref byte[] Buffer => ref _buffer;

    internal void Set(ulong slot, ulong id, long fileSize, int validLength)
    {
        Slot = slot;
        Id = id;
        FileSize = fileSize;
        ValidLength = validLength;
        AccountCount = 0;
    }

    internal void SetCount(int count) => AccountCount = count;
}

/// <summary>An account from a snapshot with the slot of the file it came from (copied out of the archive).</summary>
public sealed record SnapshotAccount(ulong Slot, ulong FileId, Stratus.Core.Pubkey Pubkey, Account Account);
