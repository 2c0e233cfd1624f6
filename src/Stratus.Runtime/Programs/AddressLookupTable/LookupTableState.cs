using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.AddressLookupTable;

/// <summary>
/// A lookup table account's data (<c>AddressLookupTable::deserialize</c> / <c>overwrite_meta_data</c>): a
/// bincode <c>ProgramState</c> in the first 56 bytes, then the addresses, 32 bytes each. One reader for the
/// program and for v0 address loading.
/// </summary>
public static class LookupTableState
{
    /// <summary>LOOKUP_TABLE_META_SIZE: the bytes reserved for the metadata whatever its encoded size.</summary>
    public const int MetaSize = 56;

    /// <summary>LOOKUP_TABLE_MAX_ADDRESSES.</summary>
    public const int MaxAddresses = 256;

    private const uint TagUninitialized = 0;
    private const uint TagLookupTable = 1;

    /// <summary>
    /// Reads the metadata and the address list. Checks run in Agave's order: the ProgramState must decode
    /// (InvalidAccountData) and be a lookup table (UninitializedAccount), then the data must reach past the
    /// metadata with a whole number of addresses (InvalidAccountData).
    /// </summary>
    public static InstructionError? Read(ReadOnlySpan<byte> data, out LookupTableMeta meta, out ReadOnlySpan<Pubkey> addresses)
    {
        addresses = default;
        var kind = ReadMeta(data, out meta);
        if (kind != null) return new InstructionError(kind.Value);
        if (data.Length < MetaSize || (data.Length - MetaSize) % Pubkey.Length != 0)
            return new InstructionError(InstructionErrorKind.InvalidAccountData);
        addresses = MemoryMarshal.Cast<byte, Pubkey>(data[MetaSize..]);
        return null;
    }

    private static InstructionErrorKind? ReadMeta(ReadOnlySpan<byte> data, out LookupTableMeta meta)
    {
        meta = default;
        // tag(4) + deactivation(8) + last extended(8) + start index(1) + option tag(1).
        if (data.Length < 22) return data.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(data) == TagUninitialized
            ? InstructionErrorKind.UninitializedAccount
            : InstructionErrorKind.InvalidAccountData;
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (tag == TagUninitialized) return InstructionErrorKind.UninitializedAccount;
        if (tag != TagLookupTable) return InstructionErrorKind.InvalidAccountData;
        var deactivation = BinaryPrimitives.ReadUInt64LittleEndian(data[4..]);
        var lastExtended = BinaryPrimitives.ReadUInt64LittleEndian(data[12..]);
        var startIndex = data[20];
        Pubkey? authority;
        int offset;
        switch (data[21])
        {
            case 0:
                authority = null;
                offset = 22;
                break;
            case 1:
                if (data.Length < 22 + Pubkey.Length) return InstructionErrorKind.InvalidAccountData;
                authority = Pubkey.Read(data[22..]);
                offset = 22 + Pubkey.Length;
                break;
            default:
                return InstructionErrorKind.InvalidAccountData;
        }
        if (data.Length < offset + 2) return InstructionErrorKind.InvalidAccountData;
        var padding = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
        meta = new LookupTableMeta(deactivation, lastExtended, startIndex, authority, padding);
        return null;
    }

    /// <summary>
    /// <c>overwrite_meta_data</c>: zeroes the first 56 bytes and writes the metadata as a LookupTable state;
    /// InvalidAccountData when the data is shorter than 56 bytes.
    /// </summary>
    public static InstructionError? OverwriteMeta(Span<byte> data, in LookupTableMeta meta)
    {
        if (data.Length < MetaSize) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        var head = data[..MetaSize];
        head.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(head, TagLookupTable);
        BinaryPrimitives.WriteUInt64LittleEndian(head[4..], meta.DeactivationSlot);
        BinaryPrimitives.WriteUInt64LittleEndian(head[12..], meta.LastExtendedSlot);
        head[20] = meta.LastExtendedSlotStartIndex;
        var offset = 22;
        if (meta.Authority is { } authority)
        {
            head[21] = 1;
            authority.CopyTo(head[22..]);
            offset += Pubkey.Length;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(head[offset..], meta.Padding);
        return null;
    }

    /// <summary>The metadata as <c>set_state</c> writes it for a new table (bincode of the LookupTable state).</summary>
    public static byte[] Serialize(in LookupTableMeta meta)
    {
        var size = 4 + 8 + 8 + 1 + 1 + (meta.Authority == null ? 0 : Pubkey.Length) + 2;
        var buffer = new byte[MetaSize];
        OverwriteMeta(buffer, meta);
        return buffer[..size];
    }

    /// <summary>
    /// How many addresses v0 lookups may use at <paramref name="currentSlot"/> (<c>get_active_addresses_len</c>
    /// plus the slice bound of <c>lookup_iter</c>): addresses appended in the current slot stay hidden.
    /// </summary>
    public static AddressLoaderError? ActiveAddressCount(in LookupTableMeta meta, int addressCount, ulong currentSlot, in RecentSlots slotHashes, out int active)
    {
        active = 0;
        // A deactivated table may be closed at any moment, so it reads as missing rather than deactivated.
        if (!meta.IsActive(currentSlot, slotHashes)) return AddressLoaderError.LookupTableAccountNotFound;
        active = currentSlot > meta.LastExtendedSlot ? addressCount : meta.LastExtendedSlotStartIndex;
        if (active > addressCount) return AddressLoaderError.InvalidAccountData;
        return null;
    }
}
