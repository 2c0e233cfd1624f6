namespace Stratus.Crypto.Curve25519;

/// <summary>
/// The ristretto255 encoding (RFC 9496) over edwards25519 representatives: decoding rejects every
/// non-canonical or negative s and every s that does not name a point, as curve25519-dalek's
/// <c>CompressedRistretto::decompress</c>; encoding picks the canonical s of the coset.
/// </summary>
internal static class Ristretto
{
    /// <summary>1/sqrt(a − d) with a = −1, the non-negative root.</summary>
    public static readonly FieldElement InvSqrtAMinusD =
        EdwardsPoint.SqrtRatio(FieldElement.One, -FieldElement.One - EdwardsPoint.D).Root;

    public static EdwardsPoint? Decompress(ReadOnlySpan<byte> encoding)
    {
        var s = FieldElement.FromBytes(encoding);
        Span<byte> canonical = stackalloc byte[32];
        s.ToBytes(canonical);
        // from_bytes drops bit 255 and does not reduce, so a set top bit or s ≥ p fails this test.
        if (!canonical.SequenceEqual(encoding[..32]) || s.IsNegative) return null;

        var one = FieldElement.One;
        var ss = s.Square();
        var u1 = one - ss;
        var u2 = one + ss;
        var u2Squared = u2.Square();
        var v = -EdwardsPoint.D * u1.Square() - u2Squared;
        var (ok, invSqrt) = EdwardsPoint.SqrtRatio(one, v * u2Squared);
        var dx = invSqrt * u2;
        var dy = invSqrt * (dx * v);
        var x = (s + s) * dx;
        if (x.IsNegative) x = -x;
        var y = u1 * dy;
        var t = x * y;
        if (!ok || t.IsNegative || y.IsZero) return null;
        return new EdwardsPoint(x, y, one, t);
    }

    public static void Compress(in EdwardsPoint p, Span<byte> output)
    {
        var x = p.X;
        var y = p.Y;
        var z = p.Z;
        var t = p.T;
        var u1 = (z + y) * (z - y);
        var u2 = x * y;
        // Always a square for a point of the prime-order subgroup's cosets that decoding produces.
        var invSqrt = EdwardsPoint.SqrtRatio(FieldElement.One, u1 * u2.Square()).Root;
        var i1 = invSqrt * u1;
        var i2 = invSqrt * u2;
        var zInv = i1 * (i2 * t);
        var denInv = i2;
        if ((t * zInv).IsNegative)
        {
            var ix = x * EdwardsPoint.SqrtMinusOne;
            var iy = y * EdwardsPoint.SqrtMinusOne;
            x = iy;
            y = ix;
            denInv = i1 * InvSqrtAMinusD;
        }
        if ((x * zInv).IsNegative) y = -y;
        var sOut = denInv * (z - y);
        if (sOut.IsNegative) sOut = -sOut;
        sOut.ToBytes(output);
    }
}
