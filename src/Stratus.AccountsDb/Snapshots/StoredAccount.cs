using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// One account record of an accounts (append-vec) file, read in place. Layout, 8-byte aligned:
/// StoredMeta (write_version u64, data_len u64, pubkey 32) · AccountMeta (lamports u64, rent_epoch u64, owner 32,
/// executable u8, 7 padding) · hash 32 · data · padding to a multiple of 8.
/// </summary>
public readonly ref struct StoredAccount
{
    /// <summary>Bytes before the data.</summary>
    public const int HeaderSize = 136;

    private const int DataLenOffset = 8;
    private const int PubkeyOffset = 16;
    private const int LamportsOffset = 48;
    private const int RentEpochOffset = 56;
    private const int OwnerOffset = 64;
    internal const int ExecutableOffset = 96;
    private const int HashOffset = 104;

    private readonly ReadOnlySpan<byte> _record;

    internal StoredAccount(ReadOnlySpan<byte> record, long offset, int storedSize)
    {
        _record = record;
        Offset = offset;
        StoredSize = storedSize;
    }

    /// <summary>Offset of the record in its file.</summary>
    public long Offset { get; }

    /// <summary>Bytes the record occupies including alignment padding (where the next record starts).</summary>
    public int StoredSize { get; }

    public ulong WriteVersion => BinaryPrimitives.ReadUInt64LittleEndian(_record);
    public ulong DataLength => BinaryPrimitives.ReadUInt64LittleEndian(_record[DataLenOffset..]);
    public Pubkey Pubkey => Pubkey.Read(_record[PubkeyOffset..]);
    public ulong Lamports => BinaryPrimitives.ReadUInt64LittleEndian(_record[LamportsOffset..]);
    public ulong RentEpoch => BinaryPrimitives.ReadUInt64LittleEndian(_record[RentEpochOffset..]);
    public Pubkey Owner => Pubkey.Read(_record[OwnerOffset..]);
    public bool Executable => _record[ExecutableOffset] != 0;

    /// <summary>The stored account hash: zeros since Agave 2.x, a real hash in older files.</summary>
    public Hash Hash => Hash.Read(_record[HashOffset..]);

    public ReadOnlySpan<byte> Data => _record[HeaderSize..];

    /// <summary>The pubkey bytes in place (no copy), e.g. for sorting or as a database key.</summary>
    public ReadOnlySpan<byte> PubkeyBytes => _record.Slice(PubkeyOffset, Pubkey.Length);

    public Account ToAccount() => new(Lamports, Data, Owner, Executable, RentEpoch);

    internal static ulong ReadLamports(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt64LittleEndian(header[LamportsOffset..]);
    internal static ulong ReadRentEpoch(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt64LittleEndian(header[RentEpochOffset..]);
    internal static ulong ReadDataLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt64LittleEndian(header[DataLenOffset..]);
    internal static ReadOnlySpan<byte> PubkeySpan(ReadOnlySpan<byte> header) => header.Slice(PubkeyOffset, Pubkey.Length);
    internal static ReadOnlySpan<byte> OwnerSpan(ReadOnlySpan<byte> header) => header.Slice(OwnerOffset, Pubkey.Length);
}
