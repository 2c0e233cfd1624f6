namespace Stratus.Crypto.Curve25519;

/// <summary>
/// Group operations on 32-byte edwards25519 encodings with solana-curve25519's semantics (over
/// curve25519-dalek 4): a point decodes whenever its 255-bit y (reduced or not) is the y of a curve
/// point, whatever its order; scalars must be canonical (below ℓ); results are canonical encodings.
/// Every method returns false where the Rust code returns None (the syscalls then put 1 in r0).
/// </summary>
public static class Edwards25519
{
    public const int PointSize = 32;
    public const int ScalarSize = 32;

    /// <summary><c>CompressedEdwardsY::decompress().is_some()</c>: also the "is on curve" test of PDAs.</summary>
    public static bool IsValidPoint(ReadOnlySpan<byte> point) => EdwardsPoint.Decompress(point[..PointSize]) != null;

    public static bool TryAdd(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> result)
    {
        if (EdwardsPoint.Decompress(left) is not { } a || EdwardsPoint.Decompress(right) is not { } b) return false;
        a.Add(b).Compress(result);
        return true;
    }

    public static bool TrySubtract(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> result)
    {
        if (EdwardsPoint.Decompress(left) is not { } a || EdwardsPoint.Decompress(right) is not { } b) return false;
        a.Subtract(b).Compress(result);
        return true;
    }

    /// <summary>scalar·point; the scalar is checked first, as dalek's <c>Scalar::try_from</c> runs before the point conversion.</summary>
    public static bool TryMultiply(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> point, Span<byte> result)
    {
        if (!Scalar25519.IsCanonical(scalar) || EdwardsPoint.Decompress(point) is not { } p) return false;
        MultiScalar.Multiply(scalar[..ScalarSize], [p]).Compress(result);
        return true;
    }

    /// <summary>
    /// Σ scalars[i]·points[i] over <paramref name="count"/> pairs packed 32 bytes apart; false when any
    /// scalar is non-canonical or any point fails to decode. Zero pairs give the identity.
    /// </summary>
    public static bool TryMultiScalarMultiply(ReadOnlySpan<byte> scalars, ReadOnlySpan<byte> points, int count, Span<byte> result)
    {
        if (!Decode(scalars, points, count, ristretto: false, out var decoded)) return false;
        MultiScalar.Multiply(scalars[..(count * ScalarSize)], decoded).Compress(result);
        return true;
    }

    internal static bool Decode(ReadOnlySpan<byte> scalars, ReadOnlySpan<byte> points, int count, bool ristretto, out EdwardsPoint[] decoded)
    {
        decoded = [];
        for (int i = 0; i < count; i++)
            if (!Scalar25519.IsCanonical(scalars.Slice(i * ScalarSize, ScalarSize))) return false;
        var result = new EdwardsPoint[count];
        for (int i = 0; i < count; i++)
        {
            var encoding = points.Slice(i * PointSize, PointSize);
            var p = ristretto ? Ristretto.Decompress(encoding) : EdwardsPoint.Decompress(encoding);
            if (p is null) return false;
            result[i] = p.Value;
        }
        decoded = result;
        return true;
    }
}

/// <summary>
/// Group operations on 32-byte ristretto255 encodings with solana-curve25519's semantics (over
/// curve25519-dalek 4): only canonical encodings of group elements decode; scalars must be canonical.
/// </summary>
public static class Ristretto255
{
    public const int PointSize = 32;

    /// <summary><c>CompressedRistretto::decompress().is_some()</c>.</summary>
    public static bool IsValidPoint(ReadOnlySpan<byte> point) => Ristretto.Decompress(point[..PointSize]) != null;

    public static bool TryAdd(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> result)
    {
        if (Ristretto.Decompress(left) is not { } a || Ristretto.Decompress(right) is not { } b) return false;
        Ristretto.Compress(a.Add(b), result);
        return true;
    }

    public static bool TrySubtract(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> result)
    {
        if (Ristretto.Decompress(left) is not { } a || Ristretto.Decompress(right) is not { } b) return false;
        Ristretto.Compress(a.Subtract(b), result);
        return true;
    }

    public static bool TryMultiply(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> point, Span<byte> result)
    {
        if (!Scalar25519.IsCanonical(scalar) || Ristretto.Decompress(point) is not { } p) return false;
        Ristretto.Compress(MultiScalar.Multiply(scalar[..Edwards25519.ScalarSize], [p]), result);
        return true;
    }

    public static bool TryMultiScalarMultiply(ReadOnlySpan<byte> scalars, ReadOnlySpan<byte> points, int count, Span<byte> result)
    {
        if (!Edwards25519.Decode(scalars, points, count, ristretto: true, out var decoded)) return false;
        Ristretto.Compress(MultiScalar.Multiply(scalars[..(count * Edwards25519.ScalarSize)], decoded), result);
        return true;
    }
}
