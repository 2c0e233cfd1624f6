using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Value layout of the "accounts" column family: lamports u64 LE, rent_epoch u64 LE, owner (32), flags (bit 0 =
/// executable), then the data bytes. The data length is implied by the value length, so there is no length prefix.
/// </summary>
public static class AccountEncoding
{
    public const int HeaderSize = 8 + 8 + 32 + 1;

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

    /// <summary>False when the value is shorter than the header or has unknown flag bits (a corrupt store).</summary>
    public static bool IsValid(ReadOnlySpan<byte> value) => value.Length >= HeaderSize && value[48] <= 1;

    public static ulong Lamports(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt64LittleEndian(value);
    public static ulong RentEpoch(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt64LittleEndian(value[8..]);
    public static ReadOnlySpan<byte> Owner(ReadOnlySpan<byte> value) => value.Slice(16, 32);
    public static bool Executable(ReadOnlySpan<byte> value) => value[48] != 0;
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> value) => value[HeaderSize..];

    public static Account Decode(ReadOnlySpan<byte> value)
    {
        if (!IsValid(value)) throw new AccountStoreException(AccountStoreError.CorruptValue, $"stored account value of {value.Length} bytes is malformed");
        return new Account(Lamports(value), Data(value), Pubkey.Read(Owner(value)), Executable(value), RentEpoch(value));
    }
}
