using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.LoaderV4;

/// <summary>A loader-v4 program's status (u64 in the header).</summary>
public enum LoaderV4Status : ulong
{
    Retracted = 0,
    Deployed = 1,
    Finalized = 2,
}

/// <summary>
/// The 48-byte header of a loader-v4 program account (solana-loader-v4-interface 2.2.1, repr(C)): slot u64 at 0,
/// authority_address_or_next_version at 8, status u64 at 40; the ELF follows. Agave reinterprets the bytes in
/// place, so any status value reads back as stored: one that is none of the three matches no status check.
/// </summary>
public readonly record struct LoaderV4State(ulong Slot, Pubkey AuthorityOrNextVersion, LoaderV4Status Status)
{
    public const int ProgramDataOffset = 48;

    /// <summary>Agave's <c>get_state</c>: AccountDataTooSmall when the header does not fit.</summary>
    public static InstructionError? Read(ReadOnlySpan<byte> data, out LoaderV4State state)
    {
        state = default;
        if (data.Length < ProgramDataOffset) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
        state = new LoaderV4State(
            BinaryPrimitives.ReadUInt64LittleEndian(data),
            Pubkey.Read(data[8..]),
            (LoaderV4Status)BinaryPrimitives.ReadUInt64LittleEndian(data[40..]));
        return null;
    }

    /// <summary>Writes the header; AccountDataTooSmall when the data is shorter than it.</summary>
    public InstructionError? Write(Span<byte> data)
    {
        if (data.Length < ProgramDataOffset) return new InstructionError(InstructionErrorKind.AccountDataTooSmall);
        BinaryPrimitives.WriteUInt64LittleEndian(data, Slot);
        AuthorityOrNextVersion.CopyTo(data[8..]);
        BinaryPrimitives.WriteUInt64LittleEndian(data[40..], (ulong)Status);
        return null;
    }
}
