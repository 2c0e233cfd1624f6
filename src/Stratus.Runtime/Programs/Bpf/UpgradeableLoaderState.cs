using System.Buffers.Binary;
using Stratus.Core;

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
/// </summary>
public readonly record struct UpgradeableLoaderState(UpgradeableLoaderStateKind Kind, Pubkey Address = default, ulong Slot = 0, Pubkey? Authority = null)
{
    public const int UninitializedSize = 4;
    public const int BufferMetadataSize = 37;
    public const int ProgramSize = 36;
    public const int ProgramDataMetadataSize = 45;

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
