using System.Buffers.Binary;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// The 14-byte offsets record shared by the ed25519 and secp256r1 precompiles: seven little-endian u16s.
/// Read byte-wise, so the record's alignment inside the instruction data never matters (Agave 2.2 reads it
/// with <c>read_unaligned</c>).
/// </summary>
public readonly record struct SignatureOffsets(
    ushort SignatureOffset,
    ushort SignatureInstructionIndex,
    ushort PublicKeyOffset,
    ushort PublicKeyInstructionIndex,
    ushort MessageDataOffset,
    ushort MessageDataSize,
    ushort MessageInstructionIndex)
{
    public const int Size = 14;

    /// <summary>Instruction index meaning "the precompile instruction's own data".</summary>
    public const ushort CurrentInstruction = ushort.MaxValue;

    public static SignatureOffsets Read(ReadOnlySpan<byte> record) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(record),
        BinaryPrimitives.ReadUInt16LittleEndian(record[2..]),
        BinaryPrimitives.ReadUInt16LittleEndian(record[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(record[6..]),
        BinaryPrimitives.ReadUInt16LittleEndian(record[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(record[10..]),
        BinaryPrimitives.ReadUInt16LittleEndian(record[12..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, SignatureOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], SignatureInstructionIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], PublicKeyOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], PublicKeyInstructionIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], MessageDataOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], MessageDataSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], MessageInstructionIndex);
    }

    /// <summary>
    /// The ed25519/secp256r1 <c>get_data_slice</c>: u16::MAX selects <paramref name="current"/>, any other index
    /// must name an instruction, and offset + size must fit. Both failures are <see cref="PrecompileError.InvalidDataOffsets"/>.
    /// </summary>
    internal static bool TryGetSlice<T>(ReadOnlySpan<byte> current, T instructionDatas, ushort instructionIndex, ushort offset, int size, out ReadOnlySpan<byte> slice)
        where T : IInstructionDataSource, allows ref struct
    {
        ReadOnlySpan<byte> source;
        if (instructionIndex == CurrentInstruction)
        {
            source = current;
        }
        else if (instructionIndex < instructionDatas.Count)
        {
            source = instructionDatas[instructionIndex];
        }
        else
        {
            slice = default;
            return false;
        }
        // offset ≤ 65535 and size ≤ 65535, so the sum cannot overflow an int.
        if (offset + size > source.Length)
        {
            slice = default;
            return false;
        }
        slice = source.Slice(offset, size);
        return true;
    }
}
