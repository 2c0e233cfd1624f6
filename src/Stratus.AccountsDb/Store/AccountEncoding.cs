using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Value layout of the "accounts" column family: lamports u64 LE, rent_epoch u64 LE, owner (32), flags (bit 0 =
/// executable), then the data bytes. The data length is implied by the value length, so there is no length prefix.
/// A reference (flags bit 1) has the same header followed by where the data is in a blob file (file id u32 LE, entry
/// offset u64 LE, data length u32 LE, <see cref="ReferenceSize"/> bytes in all; see <see cref="AccountBlobs"/>): the
/// header stays authoritative, so lamports and owner never need the blob. The store resolves references on reads, so
/// everything outside it sees the inline layout.
/// </summary>
public static class AccountEncoding
{
    public const int HeaderSize = 8 + 8 + 32 + 1;
    public const int ReferenceSize = HeaderSize + 4 + 8 + 4;
    private const byte ExecutableFlag = 1;
    private const byte ReferenceFlag = 2;

    public static int EncodedLength(int dataLength) => HeaderSize + dataLength;

    public static int Write(ulong lamports, ulong rentEpoch, ReadOnlySpan<byte> owner, bool executable, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, lamports);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], rentEpoch);
        owner.CopyTo(destination[16..48]);
        destination[48] = executable ? (byte)1 : (byte)0;
        data.CopyTo(destination[HeaderSize..]);
        return HeaderSize + data.Length;
    }

    public static byte[] Encode(Account account)
    {
        var bytes = new byte[EncodedLength(account.DataLength)];
        Write(account.Lamports, account.RentEpoch, account.Owner.AsSpan(), account.Executable, account.Data, bytes);
        return bytes;
    }

    /// <summary>False when the value is shorter than the header, has unknown flag bits or is a reference of the wrong size (a corrupt store).</summary>
    public static bool IsValid(ReadOnlySpan<byte> value) =>
        value.Length >= HeaderSize && (value[48] <= ExecutableFlag || (value[48] <= (ExecutableFlag | ReferenceFlag) && value.Length == ReferenceSize));

    /// <summary>True for a reference to data in a blob file (check <see cref="IsValid"/> first for untrusted bytes).</summary>
    public static bool IsReference(ReadOnlySpan<byte> value) => value.Length == ReferenceSize && (value[48] & ReferenceFlag) != 0;

    public static int WriteReference(ulong lamports, ulong rentEpoch, ReadOnlySpan<byte> owner, bool executable, BlobLocation location, int dataLength, Span<byte> destination)
    {
        Write(lamports, rentEpoch, owner, executable, [], destination);
        destination[48] |= ReferenceFlag;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HeaderSize..], location.FileId);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[(HeaderSize + 4)..], location.Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[(HeaderSize + 12)..], dataLength);
        return ReferenceSize;
    }

    public static BlobLocation Location(ReadOnlySpan<byte> reference) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(reference[HeaderSize..]), BinaryPrimitives.ReadUInt64LittleEndian(reference[(HeaderSize + 4)..]));

    public static int ReferencedDataLength(ReadOnlySpan<byte> reference) => BinaryPrimitives.ReadInt32LittleEndian(reference[(HeaderSize + 12)..]);

    /// <summary>The inline header of a reference (flags without the reference bit) into <paramref name="destination"/>.</summary>
    public static void WriteInlineHeader(ReadOnlySpan<byte> reference, Span<byte> destination)
    {
        reference[..HeaderSize].CopyTo(destination);
        destination[48] &= ExecutableFlag;
    }

    public static ulong Lamports(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt64LittleEndian(value);
    public static ulong RentEpoch(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt64LittleEndian(value[8..]);
    public static ReadOnlySpan<byte> Owner(ReadOnlySpan<byte> value) => value.Slice(16, 32);
    public static bool Executable(ReadOnlySpan<byte> value) => (value[48] & ExecutableFlag) != 0;

    /// <summary>The data of an inline value. A reference has none here: the store resolves it first.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> value) => IsReference(value)
        ? throw new InvalidOperationException("the account's data is in a blob file; resolve the reference first")
        : value[HeaderSize..];

    public static Account Decode(ReadOnlySpan<byte> value)
    {
        if (!IsValid(value) || IsReference(value)) throw new AccountStoreException(AccountStoreError.CorruptValue, $"stored account value of {value.Length} bytes is malformed");
        return new Account(Lamports(value), Data(value), Pubkey.Read(Owner(value)), Executable(value), RentEpoch(value));
    }
}
