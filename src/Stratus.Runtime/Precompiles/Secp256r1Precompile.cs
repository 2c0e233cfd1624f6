using Stratus.Crypto;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// The P-256 ECDSA precompile (Secp256r1SigVerify1…, behind <c>enable_secp256r1_precompile</c>), Agave 2.2
/// agave-precompiles <c>secp256r1::verify</c>. Layout as ed25519's (u8 count, unused byte, 14-byte
/// <see cref="SignatureOffsets"/> records) with a 33-byte compressed public key, at most 8 signatures, and
/// low-S signatures only.
/// </summary>
public static class Secp256r1Precompile
{
    public const int OffsetsStart = 2;
    public const int DataStart = OffsetsStart + SignatureOffsets.Size;
    public const int SignatureSize = Secp256r1.SignatureSize;
    public const int PublicKeySize = Secp256r1.CompressedPublicKeySize;
    public const int MaxSignatures = 8;

    /// <summary>
    /// Unlike ed25519, all three slices are located before anything is parsed; then the r/s range check
    /// (InvalidSignature), key decoding (InvalidPublicKey) and the ECDSA check (InvalidSignature).
    /// </summary>
    public static PrecompileError? Verify<T>(ReadOnlySpan<byte> data, T instructionDatas)
        where T : IInstructionDataSource, allows ref struct
    {
        if (data.Length < OffsetsStart) return PrecompileError.InvalidInstructionDataSize;
        int count = data[0];
        // Here a zero count is refused whatever follows it (ed25519 and secp256k1 accept a bare zero).
        if (count == 0) return PrecompileError.InvalidInstructionDataSize;
        if (count > MaxSignatures) return PrecompileError.InvalidInstructionDataSize;
        if (data.Length < count * SignatureOffsets.Size + OffsetsStart) return PrecompileError.InvalidInstructionDataSize;

        for (var i = 0; i < count; i++)
        {
            var offsets = SignatureOffsets.Read(data.Slice(OffsetsStart + i * SignatureOffsets.Size, SignatureOffsets.Size));
            if (!SignatureOffsets.TryGetSlice(data, instructionDatas, offsets.SignatureInstructionIndex, offsets.SignatureOffset, SignatureSize, out var signature)
                || !SignatureOffsets.TryGetSlice(data, instructionDatas, offsets.PublicKeyInstructionIndex, offsets.PublicKeyOffset, PublicKeySize, out var publicKey)
                || !SignatureOffsets.TryGetSlice(data, instructionDatas, offsets.MessageInstructionIndex, offsets.MessageDataOffset, offsets.MessageDataSize, out var message))
                return PrecompileError.InvalidDataOffsets;

            switch (Secp256r1.Verify(signature, message, publicKey))
            {
                case Secp256r1Result.Valid:
                    break;
                case Secp256r1Result.InvalidPublicKey:
                case Secp256r1Result.InvalidPublicKeyLength:
                    return PrecompileError.InvalidPublicKey;
                default:
                    return PrecompileError.InvalidSignature;
            }
        }
        return null;
    }
}
