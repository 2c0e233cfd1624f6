using System.Buffers.Binary;
using Stratus.Crypto;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// The secp256k1 recover-and-compare precompile (KeccakSecp256k111…), Agave 2.2 agave-precompiles
/// <c>secp256k1::verify</c>. Data: u8 signature count, then an 11-byte record per signature
/// (signature offset u16, its instruction u8, eth address offset u16, its instruction u8, message offset u16,
/// message size u16, its instruction u8). The 64-byte signature is followed by a recovery-id byte. There is
/// no "current instruction" index: every index names a transaction instruction.
/// </summary>
public static class Secp256k1Precompile
{
    public const int OffsetsStart = 1;
    public const int OffsetsSize = 11;
    public const int DataStart = OffsetsStart + OffsetsSize;
    public const int SignatureSize = 64;
    public const int EthAddressSize = 20;

    /// <summary>The group order n, big-endian: r or s at or above it fails <c>parse_standard_slice</c>.</summary>
    private static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    /// <summary>
    /// Agave's order and, unusually, its error choices: a signature instruction index out of range is
    /// InvalidInstructionDataSize, a signature (plus recovery byte) running past its instruction is
    /// InvalidSignature, and for the address and message an index out of range is InvalidDataOffsets while
    /// a slice past the end is InvalidSignature.
    /// </summary>
    public static PrecompileError? Verify<T>(ReadOnlySpan<byte> data, T instructionDatas)
        where T : IInstructionDataSource, allows ref struct
    {
        if (data.IsEmpty) return PrecompileError.InvalidInstructionDataSize;
        int count = data[0];
        if (count == 0 && data.Length > 1) return PrecompileError.InvalidInstructionDataSize;
        if (data.Length < count * OffsetsSize + OffsetsStart) return PrecompileError.InvalidInstructionDataSize;

        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Span<byte> recovered = stackalloc byte[Secp256k1.PublicKeySize];
        for (var i = 0; i < count; i++)
        {
            var record = data.Slice(OffsetsStart + i * OffsetsSize, OffsetsSize);
            var signatureOffset = BinaryPrimitives.ReadUInt16LittleEndian(record);
            var signatureIndex = record[2];
            var ethAddressOffset = BinaryPrimitives.ReadUInt16LittleEndian(record[3..]);
            var ethAddressIndex = record[5];
            var messageOffset = BinaryPrimitives.ReadUInt16LittleEndian(record[6..]);
            var messageSize = BinaryPrimitives.ReadUInt16LittleEndian(record[8..]);
            var messageIndex = record[10];

            if (signatureIndex >= instructionDatas.Count) return PrecompileError.InvalidInstructionDataSize;
            var signatureInstruction = instructionDatas[signatureIndex];
            var signatureEnd = signatureOffset + SignatureSize;
            // ≥, not >: the recovery id byte at signatureEnd must exist too.
            if (signatureEnd >= signatureInstruction.Length) return PrecompileError.InvalidSignature;
            var signature = signatureInstruction.Slice(signatureOffset, SignatureSize);
            if (signature[..32].SequenceCompareTo(Order) >= 0 || signature[32..].SequenceCompareTo(Order) >= 0)
                return PrecompileError.InvalidSignature;
            var recoveryId = signatureInstruction[signatureEnd];
            if (recoveryId >= 4) return PrecompileError.InvalidRecoveryId;

            var slice = GetSlice(instructionDatas, ethAddressIndex, ethAddressOffset, EthAddressSize, out var ethAddress);
            if (slice is not null) return slice;
            slice = GetSlice(instructionDatas, messageIndex, messageOffset, messageSize, out var message);
            if (slice is not null) return slice;

            Keccak256.Hash(message, hash);
            if (Secp256k1.Recover(hash, recoveryId, signature, recovered) != Secp256k1RecoverError.Success)
                return PrecompileError.InvalidSignature;
            Keccak256.Hash(recovered, hash);
            if (!hash[(Keccak256.HashSize - EthAddressSize)..].SequenceEqual(ethAddress)) return PrecompileError.InvalidSignature;
        }
        return null;
    }

    private static PrecompileError? GetSlice<T>(T instructionDatas, byte instructionIndex, ushort offset, int size, out ReadOnlySpan<byte> slice)
        where T : IInstructionDataSource, allows ref struct
    {
        slice = default;
        if (instructionIndex >= instructionDatas.Count) return PrecompileError.InvalidDataOffsets;
        var source = instructionDatas[instructionIndex];
        if (offset + size > source.Length) return PrecompileError.InvalidSignature;
        slice = source.Slice(offset, size);
        return null;
    }
}
