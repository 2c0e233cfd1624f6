using Fq = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FqModulus>;

namespace Stratus.Crypto.Bn254;

/// <summary>The two flag bits arkworks keeps in the top byte of a serialized short-Weierstrass coordinate.</summary>
internal enum SwFlag : byte
{
    /// <summary>No bit set: the smaller of ±y (only meaningful in compressed form).</summary>
    YIsPositive,
    /// <summary>Bit 7: the larger of ±y.</summary>
    YIsNegative,
    /// <summary>Bit 6: the point at infinity, whatever the coordinate bits say.</summary>
    PointAtInfinity,
}

/// <summary>
/// Points in the EIP-196/197 byte order (big-endian field elements, G2 coordinates as c1 then c0), read
/// and written with the rules of arkworks 0.4's canonical (de)serialization that Agave's solana-bn254
/// applies after reversing the bytes: each field element must be below p; the last coordinate read
/// carries two flag bits in its most significant byte (both set is an error; bit 6 alone means the point
/// at infinity, whatever else is there; in uncompressed form bit 7 is dropped); and only validating
/// reads check the curve equation and the subgroup.
/// </summary>
internal static class ArkworksEncoding
{
    private const byte NegativeBit = 0x80;
    private const byte InfinityBit = 0x40;

    public static bool TryReadFq(ReadOnlySpan<byte> be32, out Fq value) => Fq.TryFromBigEndian(be32, out value);

    /// <summary>A field element whose top byte also holds <see cref="SwFlag"/> bits.</summary>
    public static bool TryReadFqWithFlags(ReadOnlySpan<byte> be32, out Fq value, out SwFlag flag)
    {
        value = default;
        flag = default;
        byte top = be32[0];
        bool negative = (top & NegativeBit) != 0;
        bool infinity = (top & InfinityBit) != 0;
        if (negative && infinity) return false;
        flag = infinity ? SwFlag.PointAtInfinity : negative ? SwFlag.YIsNegative : SwFlag.YIsPositive;
        Span<byte> masked = stackalloc byte[32];
        be32.CopyTo(masked);
        masked[0] = (byte)(top & ~(NegativeBit | InfinityBit));
        return Fq.TryFromBigEndian(masked, out value);
    }

    /// <summary>x1 ‖ x0 (32 bytes each), both plain.</summary>
    public static bool TryReadFq2(ReadOnlySpan<byte> be64, out Fq2 value)
    {
        value = default;
        if (!TryReadFq(be64.Slice(32, 32), out var c0) || !TryReadFq(be64.Slice(0, 32), out var c1)) return false;
        value = new Fq2(c0, c1);
        return true;
    }

    /// <summary>x1 ‖ x0 with the flags in x1's top byte (arkworks reads c0, then c1 with flags).</summary>
    public static bool TryReadFq2WithFlags(ReadOnlySpan<byte> be64, out Fq2 value, out SwFlag flag)
    {
        value = default;
        flag = default;
        if (!TryReadFq(be64.Slice(32, 32), out var c0) || !TryReadFqWithFlags(be64.Slice(0, 32), out var c1, out flag)) return false;
        value = new Fq2(c0, c1);
        return true;
    }

    /// <summary>
    /// An uncompressed G1 point (x ‖ y, 64 bytes). All-zero bytes are the identity (solana-bn254 checks
    /// that first). With <paramref name="validate"/> the point must be on the curve (G1 has cofactor one).
    /// </summary>
    public static bool TryReadG1(ReadOnlySpan<byte> be64, bool validate, out G1Affine point)
    {
        point = G1Affine.Infinity;
        if (!be64.Slice(0, 64).ContainsAnyExcept((byte)0)) return true;
        if (!TryReadFq(be64.Slice(0, 32), out var x) || !TryReadFqWithFlags(be64.Slice(32, 32), out var y, out var flag)) return false;
        if (flag == SwFlag.PointAtInfinity) return true;
        var candidate = new G1Affine(x, y);
        if (validate && !candidate.IsOnCurve) return false;
        point = candidate;
        return true;
    }

    /// <summary>
    /// An uncompressed G2 point (x1 ‖ x0 ‖ y1 ‖ y0, 128 bytes); all-zero is the identity. With
    /// <paramref name="validate"/> the point must be on the twist and in the order-r subgroup.
    /// </summary>
    public static bool TryReadG2(ReadOnlySpan<byte> be128, bool validate, out G2Affine point)
    {
        point = G2Affine.Infinity;
        if (!be128.Slice(0, 128).ContainsAnyExcept((byte)0)) return true;
        if (!TryReadFq2(be128.Slice(0, 64), out var x) || !TryReadFq2WithFlags(be128.Slice(64, 64), out var y, out var flag)) return false;
        if (flag == SwFlag.PointAtInfinity) return true;
        var candidate = new G2Affine(x, y);
        if (validate && (!candidate.IsOnCurve || !candidate.IsInSubgroup)) return false;
        point = candidate;
        return true;
    }

    /// <summary>x ‖ y without flags; the identity as 64 zero bytes.</summary>
    public static void WriteG1(in G1Affine point, Span<byte> be64)
    {
        if (point.IsInfinity)
        {
            be64.Slice(0, 64).Clear();
            return;
        }
        point.X.WriteBigEndian(be64.Slice(0, 32));
        point.Y.WriteBigEndian(be64.Slice(32, 32));
    }

    /// <summary>x1 ‖ x0 ‖ y1 ‖ y0 without flags; the identity as 128 zero bytes.</summary>
    public static void WriteG2(in G2Affine point, Span<byte> be128)
    {
        if (point.IsInfinity)
        {
            be128.Slice(0, 128).Clear();
            return;
        }
        WriteFq2(point.X, be128.Slice(0, 64));
        WriteFq2(point.Y, be128.Slice(64, 64));
    }

    public static void WriteFq2(in Fq2 value, Span<byte> be64)
    {
        value.C1.WriteBigEndian(be64.Slice(0, 32));
        value.C0.WriteBigEndian(be64.Slice(32, 32));
    }

    /// <summary>The flag arkworks writes for a finite point: negative when y is the larger of ±y.</summary>
    public static SwFlag FlagForY(in Fq y) => y.CompareCanonical(-y) > 0 ? SwFlag.YIsNegative : SwFlag.YIsPositive;

    public static SwFlag FlagForY(in Fq2 y) => y.CompareCanonical(-y) > 0 ? SwFlag.YIsNegative : SwFlag.YIsPositive;

    public static byte FlagBits(SwFlag flag) => flag switch
    {
        SwFlag.YIsNegative => NegativeBit,
        SwFlag.PointAtInfinity => InfinityBit,
        _ => 0,
    };
}
