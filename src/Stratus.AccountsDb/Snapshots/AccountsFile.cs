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
