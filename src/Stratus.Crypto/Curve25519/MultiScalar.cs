namespace Stratus.Crypto.Curve25519;

/// <summary>
/// Variable-time Σ sᵢ·Pᵢ (Straus' method): each scalar is split into 64 signed radix-16 digits in
/// [−8, 8], each point gets a table of its multiples 1..8, and one shared chain of 4 doublings per
/// digit serves every point. The result is the group element itself, so any correct method gives
/// the same encoding as curve25519-dalek's.
/// </summary>
internal static class MultiScalar
{
    private const int Digits = 64;

    /// <summary>
    /// The scalars must be below 2^255 (canonical scalars are below 2^253); they are read as
    /// little-endian 32-byte integers, not reduced.
    /// </summary>
    public static EdwardsPoint Multiply(ReadOnlySpan<byte> scalars, ReadOnlySpan<EdwardsPoint> points)
    {
        int n = points.Length;
        if (n == 0) return EdwardsPoint.Identity;
        var digits = new sbyte[n * Digits];
        var tables = new CachedPoint[n * 8];
        for (int j = 0; j < n; j++)
        {
            ToRadix16(scalars.Slice(32 * j, 32), digits.AsSpan(j * Digits, Digits));
            var p = points[j];
            var multiple = p;
            tables[j * 8] = CachedPoint.From(p);
            for (int k = 1; k < 8; k++)
            {
                multiple = multiple.Add(tables[j * 8]);
                tables[j * 8 + k] = CachedPoint.From(multiple);
            }
        }

        var acc = EdwardsPoint.Identity;
        for (int i = Digits - 1; i >= 0; i--)
        {
            if (i != Digits - 1)
                acc = acc.Double().Double().Double().Double();
            for (int j = 0; j < n; j++)
            {
                int d = digits[j * Digits + i];
                if (d > 0) acc = acc.Add(tables[j * 8 + d - 1]);
                else if (d < 0) acc = acc.Subtract(tables[j * 8 - d - 1]);
            }
        }
        return acc;
    }

    /// <summary>Signed radix-16 digits: s = Σ dᵢ·16^i with dᵢ ∈ [−8, 8) except the top one (≤ 8 for s &lt; 2^255).</summary>
    private static void ToRadix16(ReadOnlySpan<byte> scalar, Span<sbyte> digits)
    {
        for (int i = 0; i < 32; i++)
        {
            digits[2 * i] = (sbyte)(scalar[i] & 15);
            digits[2 * i + 1] = (sbyte)(scalar[i] >> 4);
        }
        for (int i = 0; i < Digits - 1; i++)
        {
            int carry = (digits[i] + 8) >> 4;
            digits[i] = (sbyte)(digits[i] - (carry << 4));
            digits[i + 1] = (sbyte)(digits[i + 1] + carry);
        }
    }
}
