using System.Buffers.Binary;

namespace Stratus.Runtime.Programs.LoaderV4;

public enum LoaderV4InstructionKind : uint
{
    Write = 0,
    Copy = 1,
    SetProgramLength = 2,
    Deploy = 3,
    Retract = 4,
    TransferAuthority = 5,
    Finalize = 6,
}

/// <summary>
/// One loader-v4 instruction (solana-loader-v4-interface 2.2.1), decoded as Agave's <c>limited_deserialize</c>
/// with the packet-size limit does: bincode, u32 tag, fixed-width integers, trailing bytes ignored.
/// </summary>
public readonly struct LoaderV4Instruction
{
    private const int DecodeLimit = 1232;

    private LoaderV4Instruction(LoaderV4InstructionKind kind, uint a = 0, uint b = 0, uint c = 0, ReadOnlyMemory<byte> bytes = default)
    {
        Kind = kind;
        A = a;
        B = b;
        C = c;
        Bytes = bytes;
    }

    public LoaderV4InstructionKind Kind { get; }

    /// <summary>Write: offset; Copy: destination_offset; SetProgramLength: new_size.</summary>
    public uint A { get; }

    /// <summary>Copy: source_offset.</summary>
    public uint B { get; }

    /// <summary>Copy: length.</summary>
    public uint C { get; }

    /// <summary>Write: the bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public static bool TryDecode(ReadOnlyMemory<byte> data, out LoaderV4Instruction instruction)
    {
        instruction = default;
        var span = data.Span;
        if (span.Length < 4) return false;
        var kind = (LoaderV4InstructionKind)BinaryPrimitives.ReadUInt32LittleEndian(span);
        switch (kind)
        {
            case LoaderV4InstructionKind.Write:
            {
                if (span.Length < 16) return false;
                var length = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
                if (length > (ulong)(DecodeLimit - 16) || length > (ulong)(span.Length - 16)) return false;
                instruction = new(kind, BinaryPrimitives.ReadUInt32LittleEndian(span[4..]), bytes: data.Slice(16, (int)length));
                return true;
            }
            case LoaderV4InstructionKind.Copy:
                if (span.Length < 16) return false;
                instruction = new(kind, BinaryPrimitives.ReadUInt32LittleEndian(span[4..]), BinaryPrimitives.ReadUInt32LittleEndian(span[8..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(span[12..]));
                return true;
            case LoaderV4InstructionKind.SetProgramLength:
                if (span.Length < 8) return false;
                instruction = new(kind, BinaryPrimitives.ReadUInt32LittleEndian(span[4..]));
                return true;
            case LoaderV4InstructionKind.Deploy:
            case LoaderV4InstructionKind.Retract:
            case LoaderV4InstructionKind.TransferAuthority:
            case LoaderV4InstructionKind.Finalize:
                instruction = new(kind);
                return true;
            default:
                return false;
        }
    }

    public static byte[] EncodeSetProgramLength(uint newSize) => Encode(LoaderV4InstructionKind.SetProgramLength, newSize);

    public static byte[] EncodeCopy(uint destinationOffset, uint sourceOffset, uint length) =>
        Encode(LoaderV4InstructionKind.Copy, destinationOffset, sourceOffset, length);

    public static byte[] Encode(LoaderV4InstructionKind kind, params ReadOnlySpan<uint> fields)
    {
        var data = new byte[4 + 4 * fields.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)kind);
        for (var i = 0; i < fields.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4 + 4 * i), fields[i]);
        return data;
    }
}
