using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Stratus.Core;

namespace Stratus.Runtime.Programs.AddressLookupTable;

public enum LookupTableInstructionKind : uint
{
    CreateLookupTable = 0,
    FreezeLookupTable = 1,
    ExtendLookupTable = 2,
    DeactivateLookupTable = 3,
    CloseLookupTable = 4,
}

/// <summary>
/// A decoded <c>ProgramInstruction</c> (bincode: u32 tag; Create carries a u64 recent slot and a u8 bump seed;
/// Extend a u64-length vector of addresses). <see cref="NewAddresses"/> views the instruction data.
/// </summary>
public readonly ref struct LookupTableInstruction
{
    /// <summary>limited_deserialize's bound: at most PACKET_DATA_SIZE bytes may be read.</summary>
    public const int DeserializeLimit = 1232;

    public LookupTableInstructionKind Kind { get; private init; }

    public ulong RecentSlot { get; private init; }

    public byte BumpSeed { get; private init; }

    public ReadOnlySpan<Pubkey> NewAddresses { get; private init; }

    /// <summary>
    /// Decodes as <c>limited_deserialize</c> does: trailing bytes are allowed, but a value that would need
    /// more than 1,232 bytes is refused. False means InvalidInstructionData.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out LookupTableInstruction instruction)
    {
        instruction = default;
        if (data.Length < 4) return false;
        var kind = (LookupTableInstructionKind)BinaryPrimitives.ReadUInt32LittleEndian(data);
        switch (kind)
        {
            case LookupTableInstructionKind.CreateLookupTable:
                if (data.Length < 4 + 8 + 1) return false;
                instruction = new LookupTableInstruction
                {
                    Kind = kind,
                    RecentSlot = BinaryPrimitives.ReadUInt64LittleEndian(data[4..]),
                    BumpSeed = data[12],
                };
                return true;
            case LookupTableInstructionKind.ExtendLookupTable:
            {
                if (data.Length < 4 + 8) return false;
                var count = BinaryPrimitives.ReadUInt64LittleEndian(data[4..]);
                // Both running out of data and passing the limit fail the same way, so one bound covers both.
                var available = (ulong)(Math.Min(data.Length, DeserializeLimit) - 12) / (ulong)Pubkey.Length;
                if (count > available) return false;
                instruction = new LookupTableInstruction
                {
                    Kind = kind,
                    NewAddresses = MemoryMarshal.Cast<byte, Pubkey>(data.Slice(12, (int)count * Pubkey.Length)),
                };
                return true;
            }
            case LookupTableInstructionKind.FreezeLookupTable:
            case LookupTableInstructionKind.DeactivateLookupTable:
            case LookupTableInstructionKind.CloseLookupTable:
                instruction = new LookupTableInstruction { Kind = kind };
                return true;
            default:
                return false;
        }
    }
}
