using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.Bpf;

public enum UpgradeableLoaderStateKind : uint
{
    Uninitialized = 0,
    Buffer = 1,
    Program = 2,
    ProgramData = 3,
}

/// <summary>
/// The upgradeable loader's account states (bincode: u32 tag; Buffer {authority: Option&lt;Pubkey&gt;},
/// Program {programdata_address}, ProgramData {slot u64, upgrade_authority: Option&lt;Pubkey&gt;}).
/// Reads accept trailing bytes (bincode's default); writes touch only the serialized prefix, so bytes after
/// a shorter encoding (an authority set to None) keep what they held, as in Agave's <c>set_state</c>.
/// </summary>
public readonly record struct UpgradeableLoaderState(UpgradeableLoaderStateKind Kind, Pubkey Address = default, ulong Slot = 0, Pubkey? Authority = null)
{
    public const int UninitializedSize = 4;
    public const int BufferMetadataSize = 37;
    public const int ProgramSize = 36;
    public const int ProgramDataMetadataSize = 45;

    public static UpgradeableLoaderState Uninitialized => new(UpgradeableLoaderStateKind.Uninitialized);

    public static UpgradeableLoaderState Buffer(Pubkey? authority) => new(UpgradeableLoaderStateKind.Buffer, Authority: authority);

    public static UpgradeableLoaderState Program(in Pubkey programData) => new(UpgradeableLoaderStateKind.Program, programData);

    public static UpgradeableLoaderState ProgramData(ulong slot, Pubkey? authority) => new(UpgradeableLoaderStateKind.ProgramData, Slot: slot, Authority: authority);

    /// <summary>Bytes of a ProgramData account holding <paramref name="programLength"/> bytes of ELF.</summary>
    public static long SizeOfProgramData(long programLength) => ProgramDataMetadataSize + programLength;

    /// <summary>Bytes of a Buffer account holding <paramref name="programLength"/> bytes of ELF.</summary>
    public static long SizeOfBuffer(long programLength) => BufferMetadataSize + programLength;

    /// <summary>bincode's size of this value (an absent authority takes one byte).</summary>
    public int SerializedSize => Kind switch
    {
        UpgradeableLoaderStateKind.Uninitialized => 4,
        UpgradeableLoaderStateKind.Buffer => 5 + (Authority.HasValue ? 32 : 0),
        UpgradeableLoaderStateKind.Program => ProgramSize,
        _ => 13 + (Authority.HasValue ? 32 : 0),
    };

    public static bool TryRead(ReadOnlySpan<byte> data, out UpgradeableLoaderState state)
    {
        state = default;
        if (data.Length < 4) return false;
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(data);
        switch (tag)
        {
            case 0:
                state = new(UpgradeableLoaderStateKind.Uninitialized);
                return true;
            case 1:
                if (!TryReadOption(data[4..], out var bufferAuthority)) return false;
                state = new(UpgradeableLoaderStateKind.Buffer, Authority: bufferAuthority);
                return true;
            case 2:
                if (data.Length < 36) return false;
                state = new(UpgradeableLoaderStateKind.Program, Pubkey.Read(data[4..]));
                return true;
            case 3:
                if (data.Length < 13 || !TryReadOption(data[12..], out var upgradeAuthority)) return false;
                state = new(UpgradeableLoaderStateKind.ProgramData, Slot: BinaryPrimitives.ReadUInt64LittleEndian(data[4..]), Authority: upgradeAuthority);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Agave's <c>get_state</c> on an account: InvalidAccountData when the bytes do not decode.</summary>
    public static InstructionError? Read(ReadOnlySpan<byte> data, out UpgradeableLoaderState state) =>
        TryRead(data, out state) ? null : new InstructionError(InstructionErrorKind.InvalidAccountData);

    /// <summary>Writes the encoding at the start of <paramref name="destination"/>; false when it does not fit.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < SerializedSize) return false;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Kind);
        switch (Kind)
        {
            case UpgradeableLoaderStateKind.Buffer:
                WriteOption(destination[4..], Authority);
                break;
            case UpgradeableLoaderStateKind.Program:
                Address.CopyTo(destination[4..]);
                break;
            case UpgradeableLoaderStateKind.ProgramData:
                BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], Slot);
                WriteOption(destination[12..], Authority);
                break;
        }
        return true;
    }

    public byte[] Serialize()
    {
        var bytes = new byte[SerializedSize];
        TryWrite(bytes);
        return bytes;
    }

    private static void WriteOption(Span<byte> destination, Pubkey? key)
    {
        if (key is not { } k)
        {
            destination[0] = 0;
            return;
        }
        destination[0] = 1;
        k.CopyTo(destination[1..]);
    }

    private static bool TryReadOption(ReadOnlySpan<byte> data, out Pubkey? key)
    {
        key = null;
        if (data.Length < 1 || data[0] > 1) return false;
        if (data[0] == 0) return true;
        if (data.Length < 33) return false;
        key = Pubkey.Read(data[1..]);
        return true;
    }
}
