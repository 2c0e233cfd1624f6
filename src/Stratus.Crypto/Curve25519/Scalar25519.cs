using System.Numerics;

namespace Stratus.Crypto.Curve25519;

/// <summary>Integers modulo the prime order L = 2^252 + 27742317777372353535851937790883648493 of the base point.</summary>
internal static class Scalar25519
{
    public static readonly BigInteger L = BigInteger.Parse("7237005577332262213973186563042994240857116359379907606001950938285454250989");

    /// <summary>L as 32 little-endian bytes.</summary>
    public static ReadOnlySpan<byte> LBytes =>
    [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ];

    /// <summary>True when the little-endian 256-bit value is below L (a canonical Ed25519 S).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> s)
    {
        var l = LBytes;
        for (var i = 31; i >= 0; i--)
        {
            if (s[i] < l[i]) return true;
            if (s[i] > l[i]) return false;
        }
        return false; // equal to L
    }

    /// <summary>value mod L as 32 little-endian bytes (value read as an unsigned little-endian integer).</summary>
    public static byte[] Reduce(ReadOnlySpan<byte> value) => ToBytes(new BigInteger(value, isUnsigned: true) % L);

    public static byte[] ToBytes(BigInteger value)
    {
        var reduced = BigInteger.Remainder(value, L);
        if (reduced.Sign < 0) reduced += L;
        var output = new byte[32];
        reduced.TryWriteBytes(output, out _, isUnsigned: true);
        return output;
    }

    public static BigInteger FromBytes(ReadOnlySpan<byte> value) => new(value, isUnsigned: true);
}
