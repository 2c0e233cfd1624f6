using Fq = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FqModulus>;

namespace Stratus.Crypto.Bn254;

/// <summary>solana-bn254's <c>AltBn128CompressionError</c> with its r0 codes.</summary>
public enum AltBn128CompressionError : byte
{
    None = 0,
    G1DecompressionFailed = 1,
    G2DecompressionFailed = 2,
    G1CompressionFailed = 3,
    G2CompressionFailed = 4,
    InvalidInputSize = 5,
    UnexpectedError = 6,
}

/// <summary>
/// solana-bn254 2.2 point compression (<c>sol_alt_bn128_compression</c>). Compressed points are x with
/// arkworks' flag bits in the top byte (bit 7: y is the larger root, bit 6: infinity). None of these
/// checks the curve equation or the subgroup: compression reads without validation, and decompression
/// only needs x³ + b to be a square.
/// </summary>
public static class AltBn128Compression
{
    public const ulong OpG1Compress = 0;
    public const ulong OpG1Decompress = 1;
    public const ulong OpG2Compress = 2;
    public const ulong OpG2Decompress = 3;

    public const int G1Size = 64;
    public const int G2Size = 128;
    public const int G1CompressedSize = 32;
    public const int G2CompressedSize = 64;

    public static AltBn128CompressionError G1Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != G1Size) return AltBn128CompressionError.InvalidInputSize;
        if (!ArkworksEncoding.TryReadG1(input, validate: false, out var point)) return AltBn128CompressionError.G1CompressionFailed;
        var result = output.Slice(0, G1CompressedSize);
        if (!input.ContainsAnyExcept((byte)0))
        {
            result.Clear();
            return AltBn128CompressionError.None;
        }
        if (point.IsInfinity)
        {
            result.Clear();
            result[0] = ArkworksEncoding.FlagBits(SwFlag.PointAtInfinity);
            return AltBn128CompressionError.None;
        }
        point.X.WriteBigEndian(result);
        result[0] |= ArkworksEncoding.FlagBits(ArkworksEncoding.FlagForY(point.Y));
        return AltBn128CompressionError.None;
    }

    public static AltBn128CompressionError G1Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != G1CompressedSize) return AltBn128CompressionError.InvalidInputSize;
        var result = output.Slice(0, G1Size);
        if (!input.ContainsAnyExcept((byte)0))
        {
            result.Clear();
            return AltBn128CompressionError.None;
        }
        if (!ArkworksEncoding.TryReadFqWithFlags(input, out var x, out var flag)) return AltBn128CompressionError.G1DecompressionFailed;
        if (flag == SwFlag.PointAtInfinity)
        {
            result.Clear();
            return AltBn128CompressionError.None;
        }
        if (!(x.Square() * x + Bn254Constants.G1B).TrySqrt(out var y)) return AltBn128CompressionError.G1DecompressionFailed;
        var negY = -y;
        bool yIsSmaller = y.CompareCanonical(negY) < 0;
        Fq chosen = (flag == SwFlag.YIsPositive) == yIsSmaller ? y : negY;
        ArkworksEncoding.WriteG1(new G1Affine(x, chosen), result);
        return AltBn128CompressionError.None;
    }

    public static AltBn128CompressionError G2Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != G2Size) return AltBn128CompressionError.InvalidInputSize;
        if (!ArkworksEncoding.TryReadG2(input, validate: false, out var point)) return AltBn128CompressionError.G2CompressionFailed;
        var result = output.Slice(0, G2CompressedSize);
        if (!input.ContainsAnyExcept((byte)0))
        {
            result.Clear();
            return AltBn128CompressionError.None;
        }
        if (point.IsInfinity)
        {
            result.Clear();
            result[0] = ArkworksEncoding.FlagBits(SwFlag.PointAtInfinity);
            return AltBn128CompressionError.None;
        }
        ArkworksEncoding.WriteFq2(point.X, result);
        result[0] |= ArkworksEncoding.FlagBits(ArkworksEncoding.FlagForY(point.Y));
        return AltBn128CompressionError.None;
    }

    public static AltBn128CompressionError G2Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != G2CompressedSize) return AltBn128CompressionError.InvalidInputSize;
        var result = output.Slice(0, G2Size);
        if (!input.ContainsAnyExcept((byte)0))
        {
            result.Clear();
            return AltBn128CompressionError.None;
        }
        if (!ArkworksEncoding.TryReadFq2WithFlags(input, out var x, out var flag)) return AltBn128CompressionError.G2DecompressionFailed;
        if (flag == SwFlag.PointAtInfinity)
        {
            result.Clear();
            return AltBn128CompressionError.None;
        }
        if (!(x.Square() * x + Bn254Constants.G2B).TrySqrt(out var y)) return AltBn128CompressionError.G2DecompressionFailed;
        var negY = -y;
        bool yIsSmaller = y.CompareCanonical(negY) < 0;
        var chosen = (flag == SwFlag.YIsPositive) == yIsSmaller ? y : negY;
        ArkworksEncoding.WriteG2(new G2Affine(x, chosen), result);
        return AltBn128CompressionError.None;
    }
}
