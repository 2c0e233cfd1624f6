using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Layout of a blob file: a 16-byte header ("STRBLOB1", format version u32 LE, file id u32 LE), then entries of
/// pubkey (32) ‖ data length (u32 LE) ‖ stored length (u32 LE) ‖ CRC-32C (u32 LE, of the fields before it and the
/// stored bytes) ‖ stored bytes. An entry occupies its header and its data length (<see cref="EntryLength"/>) whatever it
/// stores, so an entry's place is known before it is compressed: stored bytes fewer than the data's are a zstd frame
/// of the data and the rest of the entry is a hole (a sparse file: no disk space, no write); otherwise they are the
/// data itself. The pubkey lets compaction find an entry's account and a read check that a reference points where
/// it should.
/// </summary>
internal static class BlobFileFormat
{
    public const int HeaderSize = 16;
    public const int EntryHeaderSize = 32 + 4 + 4 + 4;
    private const int ChecksumOffset = 40;
    public const uint Version = 1;
    private static ReadOnlySpan<byte> Magic => "STRBLOB1"u8;

    /// <summary>Bytes an entry with <paramref name="dataLength"/> data bytes occupies in its file (holes included).</summary>
    public static int EntryLength(int dataLength) => EntryHeaderSize + dataLength;

    public static string FileName(uint id) => $"{id:D6}.blob";

    public static bool TryParseFileName(string name, out uint id)
    {
        id = 0;
        return name.Length == 11 && name.EndsWith(".blob", StringComparison.Ordinal) && uint.TryParse(name.AsSpan(0, 6), out id);
    }

    public static void WriteHeader(uint id, Span<byte> destination)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], id);
    }

    /// <summary>Null when the header is right for file <paramref name="id"/>, else what is wrong.</summary>
    public static string? CheckHeader(ReadOnlySpan<byte> header, uint id)
    {
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(Magic)) return "not a blob file (bad magic)";
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version) return $"blob file format version {version} is not supported (expected {Version})";
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        return stored == id ? null : $"header names file {stored}";
    }

    /// <summary>An entry's fields before its checksum, which <see cref="Seal"/> fills in.</summary>
    public static void WriteEntryHeader(ReadOnlySpan<byte> pubkey, int dataLength, int storedLength, Span<byte> destination)
    {
        pubkey.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[32..], dataLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[36..], storedLength);
    }

    /// <summary>Fills in the checksum of the entry starting at <paramref name="entry"/>[0].</summary>
    public static void Seal(Span<byte> entry) =>
        BinaryPrimitives.WriteUInt32LittleEndian(entry[ChecksumOffset..], Checksum(entry, entry.Slice(EntryHeaderSize, StoredLength(entry))));

    public static int DataLength(ReadOnlySpan<byte> entryHeader) => BinaryPrimitives.ReadInt32LittleEndian(entryHeader[32..]);
    public static int StoredLength(ReadOnlySpan<byte> entryHeader) => BinaryPrimitives.ReadInt32LittleEndian(entryHeader[36..]);
    public static bool ChecksumMatches(ReadOnlySpan<byte> entryHeader, ReadOnlySpan<byte> stored) =>
        Checksum(entryHeader, stored) == BinaryPrimitives.ReadUInt32LittleEndian(entryHeader[ChecksumOffset..]);

    private static uint Checksum(ReadOnlySpan<byte> entryHeader, ReadOnlySpan<byte> stored) => ~Crc32C(Crc32C(~0u, entryHeader[..ChecksumOffset]), stored);

    /// <summary>CRC-32C, eight bytes per step (SSE 4.2 / ARMv8 CRC instructions where the CPU has them).</summary>
    private static uint Crc32C(uint crc, ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words) crc = BitOperations.Crc32C(crc, word);
        foreach (var b in bytes[(words.Length * 8)..]) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
