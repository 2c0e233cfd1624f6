using System.Buffers.Binary;

namespace Stratus.Crypto.Bn254;

/// <summary>
/// solana-bn254's <c>AltBn128Error</c>, numbered as the syscall returns it in r0 before
/// simplify_alt_bn128_syscall_error_codes (never 0, which means success).
/// </summary>
public enum AltBn128Error : byte
{
    None = 0,
    InvalidInputData = 1,
    GroupError = 2,
    SliceOutOfBounds = 3,
    TryIntoVecError = 4,
    ProjectiveToG1Failed = 5,
    UnexpectedError = 6,
}

/// <summary>
/// The alt_bn128 group operations of solana-bn254 2.2 (what Agave 2.2's <c>sol_alt_bn128_group_op</c>
/// runs): EIP-196 addition and scalar multiplication on G1 and the EIP-197 pairing check, with
/// big-endian encodings and arkworks' point-validation rules (see <see cref="ArkworksEncoding"/>).
/// </summary>
public static class AltBn128
{
    public const ulong OpAdd = 0;
    public const ulong OpSub = 1;
    public const ulong OpMul = 2;
    public const ulong OpPairing = 3;

    public const int FieldSize = 32;
    public const int G1PointSize = 64;
    public const int G2PointSize = 128;
    public const int AdditionInputLength = 128;
    public const int MultiplicationInputLength = 96;

    /// <summary>What the multiplication accepts until fix_alt_bn128_multiplication_input_length (the last 32 bytes are ignored).</summary>
    public const int LegacyMultiplicationInputLength = 128;

    public const int PairingElementLength = 192;
    public const int AdditionOutputLength = 64;
    public const int MultiplicationOutputLength = 64;
    public const int PairingOutputLength = 32;

    /// <summary>P + Q: input up to 128 bytes (zero-padded), output 64 bytes written only on success.</summary>
    public static AltBn128Error Add(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length > AdditionInputLength) return AltBn128Error.InvalidInputData;
        Span<byte> padded = stackalloc byte[AdditionInputLength];
        padded.Clear();
        input.CopyTo(padded);
        if (!ArkworksEncoding.TryReadG1(padded.Slice(0, 64), validate: true, out var p)) return AltBn128Error.InvalidInputData;
        if (!ArkworksEncoding.TryReadG1(padded.Slice(64, 64), validate: true, out var q)) return AltBn128Error.InvalidInputData;
        var sum = p.ToJacobian().Add(q.ToJacobian()).ToAffine();
        ArkworksEncoding.WriteG1(sum, output.Slice(0, AdditionOutputLength));
        return AltBn128Error.None;
    }

    /// <summary>
    /// k·P: input up to <paramref name="maxInputLength"/> bytes (96, or 128 before the length fix),
    /// zero-padded; P in the first 64 bytes, k as a 256-bit big-endian integer (not reduced) in the next 32.
    /// </summary>
    public static AltBn128Error Multiply(ReadOnlySpan<byte> input, Span<byte> output, int maxInputLength = MultiplicationInputLength)
    {
        if (maxInputLength is < MultiplicationInputLength or > LegacyMultiplicationInputLength)
            throw new ArgumentOutOfRangeException(nameof(maxInputLength));
        if (input.Length > maxInputLength) return AltBn128Error.InvalidInputData;
        Span<byte> padded = stackalloc byte[LegacyMultiplicationInputLength];
        padded.Clear();
        input.CopyTo(padded);
        if (!ArkworksEncoding.TryReadG1(padded.Slice(0, 64), validate: true, out var p)) return AltBn128Error.InvalidInputData;
        ReadOnlySpan<ulong> scalar =
        [
            BinaryPrimitives.ReadUInt64BigEndian(padded.Slice(88, 8)),
            BinaryPrimitives.ReadUInt64BigEndian(padded.Slice(80, 8)),
            BinaryPrimitives.ReadUInt64BigEndian(padded.Slice(72, 8)),
            BinaryPrimitives.ReadUInt64BigEndian(padded.Slice(64, 8)),
        ];
        var product = p.ToJacobian().Multiply(scalar).ToAffine();
        ArkworksEncoding.WriteG1(product, output.Slice(0, MultiplicationOutputLength));
        return AltBn128Error.None;
    }

    /// <summary>
    /// The pairing check: 32-byte big-endian 1 when ∏ e(Pᵢ, Qᵢ) = 1, else 0. solana-bn254 2.2 reads
    /// only whole 192-byte elements and ignores a shorter tail (so any length is accepted; empty
    /// input yields 1).
    /// </summary>
    public static AltBn128Error Pairing(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int count = input.Length / PairingElementLength;
        var ps = count <= 4 ? stackalloc G1Affine[count] : new G1Affine[count];
        var qs = count <= 4 ? stackalloc G2Affine[count] : new G2Affine[count];
        for (int i = 0; i < count; i++)
        {
            var element = input.Slice(i * PairingElementLength, PairingElementLength);
            if (!ArkworksEncoding.TryReadG1(element.Slice(0, G1PointSize), validate: true, out ps[i])) return AltBn128Error.InvalidInputData;
            if (!ArkworksEncoding.TryReadG2(element.Slice(G1PointSize, G2PointSize), validate: true, out qs[i])) return AltBn128Error.InvalidInputData;
        }
        bool one = Bn254Pairing.ProductIsOne(ps, qs);
        var result = output.Slice(0, PairingOutputLength);
        result.Clear();
        if (one) result[PairingOutputLength - 1] = 1;
        return AltBn128Error.None;
    }
}
