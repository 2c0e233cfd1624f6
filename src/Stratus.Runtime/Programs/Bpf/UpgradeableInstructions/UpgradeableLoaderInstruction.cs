using System.Buffers.Binary;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>The upgradeable loader's instructions as solana-loader-v3-interface 3.0.0 (Tachyon's pin) numbers them.</summary>
public enum UpgradeableLoaderInstructionKind : uint
{
    InitializeBuffer = 0,
    Write = 1,
    DeployWithMaxDataLen = 2,
    Upgrade = 3,
    SetAuthority = 4,
    Close = 5,
    ExtendProgram = 6,
    SetAuthorityChecked = 7,
    Migrate = 8,
}

/// <summary>
/// One decoded upgradeable-loader instruction. Decoding follows Agave's <c>limited_deserialize</c> with the
/// packet-size limit: bincode, fixed-width little-endian integers, a u32 variant tag, trailing bytes
/// ignored; a short buffer, an unknown tag or a byte string longer than the limit is InvalidInstructionData.
/// </summary>
public readonly struct UpgradeableLoaderInstruction
{
    /// <summary>solana_packet::PACKET_DATA_SIZE, the byte limit Agave decodes instruction data under.</summary>
    public const int DecodeLimit = 1232;

    private UpgradeableLoaderInstruction(UpgradeableLoaderInstructionKind kind, uint offset = 0, ReadOnlyMemory<byte> bytes = default, ulong value = 0)
    {
        Kind = kind;
        Offset = offset;
        Bytes = bytes;
        Value = value;
    }

    public UpgradeableLoaderInstructionKind Kind { get; }

    /// <summary>Write: where in the buffer's program bytes the data goes.</summary>
    public uint Offset { get; }

    /// <summary>Write: the bytes (a slice of the instruction data).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>DeployWithMaxDataLen: max_data_len (usize as u64); ExtendProgram: additional_bytes.</summary>
    public ulong Value { get; }

    public static bool TryDecode(ReadOnlyMemory<byte> data, out UpgradeableLoaderInstruction instruction)
    {
        instruction = default;
        var span = data.Span;
        if (span.Length < 4) return false;
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(span);
        switch ((UpgradeableLoaderInstructionKind)tag)
        {
            case UpgradeableLoaderInstructionKind.InitializeBuffer:
            case UpgradeableLoaderInstructionKind.Upgrade:
            case UpgradeableLoaderInstructionKind.SetAuthority:
            case UpgradeableLoaderInstructionKind.Close:
            case UpgradeableLoaderInstructionKind.SetAuthorityChecked:
            case UpgradeableLoaderInstructionKind.Migrate:
                instruction = new((UpgradeableLoaderInstructionKind)tag);
                return true;
            case UpgradeableLoaderInstructionKind.Write:
            {
                if (span.Length < 16) return false;
                var offset = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
                var length = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
                // bincode counts every byte read against the limit before taking the bytes.
                if (length > (ulong)(DecodeLimit - 16) || length > (ulong)(span.Length - 16)) return false;
                instruction = new(UpgradeableLoaderInstructionKind.Write, offset, data.Slice(16, (int)length));
                return true;
            }
            case UpgradeableLoaderInstructionKind.DeployWithMaxDataLen:
                if (span.Length < 12) return false;
                instruction = new(UpgradeableLoaderInstructionKind.DeployWithMaxDataLen, value: BinaryPrimitives.ReadUInt64LittleEndian(span[4..]));
                return true;
            case UpgradeableLoaderInstructionKind.ExtendProgram:
                if (span.Length < 8) return false;
                instruction = new(UpgradeableLoaderInstructionKind.ExtendProgram, value: BinaryPrimitives.ReadUInt32LittleEndian(span[4..]));
                return true;
            default:
                return false;
        }
    }
}
