namespace Stratus.AccountsDb.Snapshots;

/// <summary>Why an accounts file's records are rejected (Agave's append-vec sanitize rules).</summary>
public enum AccountsFileError
{
    None,

    /// <summary>Bytes remain before the valid length but fewer than a record header (136).</summary>
    HeaderPastEnd,

    /// <summary>A record's data_len runs past the valid length.</summary>
    DataPastEnd,

    /// <summary>The executable byte is not 0 or 1.</summary>
    InvalidExecutable,

    /// <summary>A zero-lamport record that is not otherwise default (data, owner, executable, rent_epoch).</summary>
    InvalidZeroLamportAccount,

    /// <summary>
    /// A zero-lamport record with the default pubkey: Agave stops scanning there, and since it lies inside the valid
    /// length its layout check then fails.
    /// </summary>
    EndMarkerInsideValidLength,
}

/// <summary>
/// Walks the account records of an accounts file's valid bytes (<c>accounts_current_len</c> of them) without
/// copying. <see cref="MoveNext"/> returns false at the end or at the first bad record; check <see cref="Error"/>.
/// </summary>
public ref struct AccountsFileReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _offset;
    private int _recordLength;
    private int _storedSize;

    public AccountsFileReader(ReadOnlySpan<byte> validBytes)
    {
        _bytes = validBytes;
        _offset = 0;
        _recordLength = 0;
        _storedSize = 0;
        Error = AccountsFileError.None;
        ErrorOffset = -1;
        Count = 0;
    }

    public AccountsFileError Error { get; private set; }

    /// <summary>Offset of the bad record, or -1.</summary>
    public long ErrorOffset { get; private set; }

    /// <summary>Records returned so far.</summary>
    public int Count { get; private set; }

    public readonly StoredAccount Current => new(_bytes.Slice(_offset, _recordLength), _offset, _storedSize);

    public bool MoveNext()
    {
        if (Error != AccountsFileError.None) return false;
        var next = _offset + _storedSize;
        if (next >= _bytes.Length)
        {
            _offset = _bytes.Length;
            _storedSize = 0;
            _recordLength = 0;
            return false;
        }

        var remaining = _bytes.Length - next;
        if (remaining < StoredAccount.HeaderSize) return Fail(AccountsFileError.HeaderPastEnd, next);
        var header = _bytes.Slice(next, StoredAccount.HeaderSize);
        var dataLength = StoredAccount.ReadDataLength(header);
        if (dataLength > (ulong)(remaining - StoredAccount.HeaderSize)) return Fail(AccountsFileError.DataPastEnd, next);

        var executable = header[StoredAccount.ExecutableOffset];
        if ((executable & ~1) != 0) return Fail(AccountsFileError.InvalidExecutable, next);
        if (StoredAccount.ReadLamports(header) == 0)
        {
            if (!StoredAccount.PubkeySpan(header).ContainsAnyExcept((byte)0))
                return Fail(AccountsFileError.EndMarkerInsideValidLength, next);
            if (dataLength != 0 || executable != 0 || StoredAccount.ReadRentEpoch(header) != 0
                || StoredAccount.OwnerSpan(header).ContainsAnyExcept((byte)0))
                return Fail(AccountsFileError.InvalidZeroLamportAccount, next);
        }

        _offset = next;
        _recordLength = StoredAccount.HeaderSize + (int)dataLength;
        _storedSize = (_recordLength + 7) & ~7;
        Count++;
        return true;
    }

    private bool Fail(AccountsFileError error, int offset)
    {
        Error = error;
        ErrorOffset = offset;
        _recordLength = 0;
        _storedSize = 0;
        return false;
    }

    /// <summary>A sentence for <see cref="Error"/> with the numbers involved.</summary>
    public readonly string DescribeError()
    {
        if (Error == AccountsFileError.None) return "no error";
        var at = (int)ErrorOffset;
        var remaining = _bytes.Length - at;
        return Error switch
        {
            AccountsFileError.HeaderPastEnd =>
                $"record at offset {at} needs a {StoredAccount.HeaderSize}-byte header but only {remaining} valid byte(s) remain (valid length {_bytes.Length})",
            AccountsFileError.DataPastEnd =>
                $"record at offset {at} has data_len {StoredAccount.ReadDataLength(_bytes.Slice(at, StoredAccount.HeaderSize))}, past the valid length {_bytes.Length} ({remaining - StoredAccount.HeaderSize} data byte(s) available)",
            AccountsFileError.InvalidExecutable =>
                $"record at offset {at} has executable byte 0x{_bytes[at + StoredAccount.ExecutableOffset]:x2} (must be 0 or 1)",
            AccountsFileError.InvalidZeroLamportAccount =>
                $"zero-lamport record at offset {at} is not a default account (data, owner, executable and rent_epoch must be empty/zero)",
            AccountsFileError.EndMarkerInsideValidLength =>
                $"zero-lamport record with the default pubkey at offset {at}, inside the valid length {_bytes.Length}",
            _ => Error.ToString(),
        };
    }

    /// <summary>Checks every record; returns the count or the first error.</summary>
    public static AccountsFileError Validate(ReadOnlySpan<byte> validBytes, out int count, out long errorOffset, out string? message)
    {
        var reader = new AccountsFileReader(validBytes);
        while (reader.MoveNext()) { }
        count = reader.Count;
        errorOffset = reader.ErrorOffset;
        message = reader.Error == AccountsFileError.None ? null : reader.DescribeError();
        return reader.Error;
    }
}
