using Stratus.Crypto;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// The ed25519 signature-verification precompile (Ed25519SigVerify111…), Agave 2.2 agave-precompiles
/// <c>ed25519::verify</c>. Data: u8 signature count, one unused byte, then a 14-byte
/// <see cref="SignatureOffsets"/> per signature; the signature, key and message may live in any instruction.
/// </summary>
public static class Ed25519Precompile
{
    public const int OffsetsStart = 2;
    public const int DataStart = OffsetsStart + SignatureOffsets.Size;
    public const int SignatureSize = 64;
    public const int PublicKeySize = 32;

    /// <summary>
    /// Checks run in Agave's order, and the first failure is the answer: sizes, then per signature the
    /// signature slice, its partial scalar check, the key slice, key decoding, the message slice, and the
    /// verification itself (<c>verify_strict</c> once <c>ed25519_precompile_verify_strict</c> is active).
    /// </summary>
    public static PrecompileError? Verify<T>(ReadOnlySpan<byte> data, T instructionDatas, bool verifyStrict)
        where T : IInstructionDataSource, allows ref struct
    {
        if (data.Length < OffsetsStart) return PrecompileError.InvalidInstructionDataSize;
        int count = data[0];
        // A zero count with anything after the padding byte is taken as a malformed instruction.
        if (count == 0 && data.Length > OffsetsStart) return PrecompileError.InvalidInstructionDataSize;
        if (data.Length < count * SignatureOffsets.Size + OffsetsStart) return PrecompileError.InvalidInstructionDataSize;

        for (var i = 0; i < count; i++)
        {
            var offsets = SignatureOffsets.Read(data.Slice(OffsetsStart + i * SignatureOffsets.Size, SignatureOffsets.Size));

            if (!SignatureOffsets.TryGetSlice(data, instructionDatas, offsets.SignatureInstructionIndex, offsets.SignatureOffset, SignatureSize, out var signature))
                return PrecompileError.InvalidDataOffsets;
            // ed25519 1.2.0 Signature::from_bytes: the top three bits of S must be clear. It runs before the
            // key is even located, so it decides the error when both the scalar and a later offset are bad.
            if ((signature[SignatureSize - 1] & 0xE0) != 0) return PrecompileError.InvalidSignature;

            if (!SignatureOffsets.TryGetSlice(data, instructionDatas, offsets.PublicKeyInstructionIndex, offsets.PublicKeyOffset, PublicKeySize, out var publicKey))
                return PrecompileError.InvalidDataOffsets;
            if (!Ed25519PublicKey.IsValid(publicKey)) return PrecompileError.InvalidPublicKey;

            if (!SignatureOffsets.TryGetSlice(data, instructionDatas, offsets.MessageInstructionIndex, offsets.MessageDataOffset, offsets.MessageDataSize, out var message))
                return PrecompileError.InvalidDataOffsets;

            var result = verifyStrict
                ? Ed25519.VerifyStrict(signature, message, publicKey)
                : Ed25519.Verify(signature, message, publicKey);
            if (result != Ed25519Result.Valid) return PrecompileError.InvalidSignature;
        }
        return null;
    }
}
