using System.Text;

namespace Stratus.Core.Accounts;

/// <summary>
/// A mutable account as the runtime holds it while executing a transaction (Agave's
/// <c>AccountSharedData</c> without the sharing). The data lives in a growable buffer: its
/// <see cref="DataBuffer"/> may be longer than <see cref="DataLength"/> so that reallocations within
/// <see cref="Capacity"/> do not copy, and so that direct mapping can map the buffer itself into a VM.
/// Equality compares the five account fields, not the spare capacity.
/// </summary>
public sealed class Account : IReadOnlyAccount, IEquatable<Account>
{
    private byte[] _data;
    private int _length;

    public Account()
    {
        _data = [];
    }

    public Account(ulong lamports, ReadOnlySpan<byte> data, Pubkey owner, bool executable = false, ulong rentEpoch = 0)
    {
        _data = data.ToArray();
        _length = data.Length;
        Lamports = lamports;
        Owner = owner;
        Executable = executable;
        RentEpoch = rentEpoch;
    }

    /// <summary>An account with <paramref name="space"/> zero bytes of data (Agave's <c>AccountSharedData::new</c>).</summary>
    public static Account Create(ulong lamports, int space, Pubkey owner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(space);
        var account = new Account { Lamports = lamports, Owner = owner };
        account._data = new byte[space];
        account._length = space;
        return account;
    }

    public ulong Lamports { get; set; }

    public Pubkey Owner { get; set; }

    public bool Executable { get; set; }

    public ulong RentEpoch { get; set; }

    public int DataLength => _length;

    public ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

    /// <summary>The data for in-place writes; the length stays as it is.</summary>
    public Span<byte> DataMut => _data.AsSpan(0, _length);

    /// <summary>
    /// The array behind <see cref="Data"/> (the first <see cref="DataLength"/> bytes are the data). It
    /// is replaced when the data outgrows <see cref="Capacity"/>, so hold on to it only while the length
    /// cannot change (for example while a VM maps it).
    /// </summary>
    public byte[] DataBuffer => _data;

    public int Capacity => _data.Length;

    /// <summary>Replaces the data with a copy of <paramref name="data"/>.</summary>
    public void SetData(ReadOnlySpan<byte> data)
    {
        if (data.Length > _data.Length)
            _data = new byte[data.Length];
        data.CopyTo(_data);
        _length = data.Length;
    }

    /// <summary>Truncates, or extends with zero bytes (Rust's <c>Vec::resize(len, 0)</c>).</summary>
    public void Resize(int newLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newLength);
        if (newLength > _length)
        {
            Reserve(newLength - _length);
            // Spare capacity may hold bytes from before a shrink; growth must expose zeros.
            _data.AsSpan(_length, newLength - _length).Clear();
        }
        _length = newLength;
    }

    /// <summary>Ensures room for <paramref name="additional"/> more bytes without changing the data.</summary>
    public void Reserve(int additional)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(additional);
        long needed = (long)_length + additional;
        if (needed <= _data.Length) return;
        if (needed > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(additional));
        var grown = new byte[needed];
        _data.AsSpan(0, _length).CopyTo(grown);
        _data = grown;
    }

    /// <summary>A deep copy (same fields, independent data).</summary>
    public Account Clone() => new(Lamports, Data, Owner, Executable, RentEpoch);

    /// <summary>Copies every field of <paramref name="other"/> into this account.</summary>
    public void CopyFrom(IReadOnlyAccount other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Lamports = other.Lamports;
        SetData(other.Data);
        Owner = other.Owner;
        Executable = other.Executable;
        RentEpoch = other.RentEpoch;
    }

    /// <summary>True when the data is empty or all zero bytes (Agave's <c>is_zeroed</c>).</summary>
    public bool IsDataZeroed() => !Data.ContainsAnyExcept((byte)0);

    public bool Equals(Account? other) =>
        other is not null
        && Lamports == other.Lamports
        && Executable == other.Executable
        && RentEpoch == other.RentEpoch
        && Owner == other.Owner
        && Data.SequenceEqual(other.Data);

    public override bool Equals(object? obj) => Equals(obj as Account);

    // Mutable, so the hash follows the current field values; do not key collections on a changing account.
    public override int GetHashCode() => HashCode.Combine(Lamports, Owner, Executable, RentEpoch, _length);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Account { lamports: ").Append(Lamports)
            .Append(", data.len: ").Append(_length)
            .Append(", owner: ").Append(Owner)
            .Append(", executable: ").Append(Executable ? "true" : "false")
            .Append(", rent_epoch: ").Append(RentEpoch);
        if (_length > 0)
        {
            sb.Append(", data: ");
            var shown = Data[..Math.Min(_length, 64)];
            sb.Append(Convert.ToHexString(shown).ToLowerInvariant());
            if (_length > 64) sb.Append("...");
        }
        return sb.Append(" }").ToString();
    }
}
