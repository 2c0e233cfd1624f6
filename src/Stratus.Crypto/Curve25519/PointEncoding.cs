namespace Stratus.Crypto.Curve25519;

/// <summary>Byte-level tests on 32-byte point encodings, cheap enough to run before every verification.</summary>
internal static class PointEncoding
{
    /// <summary>y (bits 0..254) ≥ p = 2^255 − 19: an encoding that is not reduced.</summary>
    public static bool HasUnreducedY(ReadOnlySpan<byte> encoding)
    {
        if ((encoding[31] & 0x7f) != 0x7f || encoding[0] < 0xed) return false;
        return encoding[1..31].IndexOfAnyExcept((byte)0xff) < 0;
    }

    /// <summary>
    /// Whether the encoding decodes to one of the 8 points of order dividing 8. Those points have
    /// y ∈ {0, 1, −1, ±y₈} (y₈ for the order-8 points); with the unreduced forms p and p + 1 of 0 and 1
    /// and either sign bit, that is 14 encodings. This is the list libsodium checks.
    /// </summary>
    public static bool IsSmallOrder(ReadOnlySpan<byte> encoding)
    {
        Span<byte> y = stackalloc byte[32];
        encoding.CopyTo(y);
        y[31] &= 0x7f;
        foreach (var candidate in SmallOrderY)
            if (y.SequenceEqual(candidate)) return true;
        return false;
    }

    private static readonly byte[][] SmallOrderY =
    [
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"), // 0: order 4
        Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"), // 1: identity
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // p − 1: order 2
        Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // p ≡ 0
        Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // p + 1 ≡ 1
        Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"), // order 8
        Convert.FromHexString("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"), // order 8
    ];
}
