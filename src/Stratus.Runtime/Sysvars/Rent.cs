using System.Buffers.Binary;

namespace Stratus.Runtime.Sysvars;

/// <summary>The Rent sysvar (17 bytes of bincode: u64 lamports per byte-year, f64 exemption threshold, u8 burn percent).</summary>
public sealed record Rent(ulong LamportsPerByteYear, double ExemptionThreshold, byte BurnPercent)
{
    public const int SerializedSize = 17;

    /// <summary>Bytes every account is charged for on top of its data (ACCOUNT_STORAGE_OVERHEAD).</summary>
    public const ulong AccountStorageOverhead = 128;

    /// <summary>Agave's defaults: 3,480 lamports per byte-year, threshold 2.0, burn 50%.</summary>
    public static Rent Default { get; } = new(1_000_000_000UL / 100 * 365 / (1024 * 1024), 2.0, 50);

    /// <summary>Rent that charges nothing (tests).</summary>
    public static Rent Free { get; } = new(0, 1.0, 0);

    /// <summary>Lamports an account of <paramref name="dataLength"/> bytes needs to be rent exempt.</summary>
    public ulong MinimumBalance(ulong dataLength) =>
        (ulong)((double)((AccountStorageOverhead + dataLength) * LamportsPerByteYear) * ExemptionThreshold);

    public bool IsExempt(ulong lamports, ulong dataLength) => lamports >= MinimumBalance(dataLength);

    /// <summary>Rent owed for <paramref name="yearsElapsed"/> by an account that is not exempt.</summary>
    public ulong DueAmount(ulong dataLength, double yearsElapsed) =>
        (ulong)((double)(LamportsPerByteYear * (dataLength + AccountStorageOverhead)) * yearsElapsed);

    public static bool TryRead(ReadOnlySpan<byte> data, out Rent rent)
    {
        rent = Default;
        if (data.Length < SerializedSize) return false;
        rent = new Rent(BinaryPrimitives.ReadUInt64LittleEndian(data), BinaryPrimitives.ReadDoubleLittleEndian(data[8..]), data[16]);
        return true;
    }

    public byte[] Serialize()
    {
        var bytes = new byte[SerializedSize];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, LamportsPerByteYear);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8), ExemptionThreshold);
        bytes[16] = BurnPercent;
        return bytes;
    }
}
