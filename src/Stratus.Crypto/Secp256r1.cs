using System.Numerics;
using System.Security.Cryptography;

namespace Stratus.Crypto;

/// <summary>
/// P-256 (secp256r1, prime256v1) ECDSA-SHA256 verification with the acceptance rules of Agave 2.2's
/// secp256r1 precompile (agave-precompiles over OpenSSL):
/// <list type="bullet">
/// <item>The signature is r ‖ s, 32 bytes each, big-endian; r must lie in [1, n − 1] and s in
/// [1, ⌊n / 2⌋] (low-S only, so a signature cannot be re-used as (r, n − s)).</item>
/// <item>The public key is a 33-byte SEC1 compressed point: tag 0x02 or 0x03, x below p, and x on the
/// curve (OpenSSL's <c>EC_POINT_oct2point</c>). Every other tag fails at 33 bytes.</item>
/// <item>The digest is SHA-256 of the message; the ECDSA equation is then checked by OpenSSL through
/// .NET's <see cref="ECDsa"/>.</item>
/// </list>
/// Checks run in Agave's order: signature range first, then the public key, then the equation.
/// </summary>
public static class Secp256r1
{
    public const int FieldSize = 32;
    public const int SignatureSize = 64;
    public const int CompressedPublicKeySize = 33;

    /// <summary>The group order n, big-endian.</summary>
    public static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ];

    /// <summary>n − 1, the largest r accepted.</summary>
    public static ReadOnlySpan<byte> OrderMinusOne =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x50,
    ];

    /// <summary>⌊n / 2⌋, the largest s accepted.</summary>
    public static ReadOnlySpan<byte> HalfOrder =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
    ];

    private static readonly BigInteger P = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger B = BigInteger.Parse("05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", System.Globalization.NumberStyles.HexNumber);

    // p ≡ 3 (mod 4), so a square root of a residue a is a^((p + 1) / 4).
    private static readonly BigInteger SqrtExponent = (P + 1) / 4;

    /// <summary>Verifies a 64-byte r ‖ s signature of <paramref name="message"/> under a 33-byte compressed key.</summary>
    public static Secp256r1Result Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> compressedPublicKey)
    {
        if (signature.Length != SignatureSize) return Secp256r1Result.InvalidSignatureLength;
        if (compressedPublicKey.Length != CompressedPublicKeySize) return Secp256r1Result.InvalidPublicKeyLength;
        var range = CheckSignatureRange(signature);
        if (range != Secp256r1Result.Valid) return range;

        var x = new byte[FieldSize];
        var y = new byte[FieldSize];
        if (!TryDecompress(compressedPublicKey, x, y)) return Secp256r1Result.InvalidPublicKey;

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(message, digest);
        ECDsa ecdsa;
        try
        {
            ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            // Unreachable for a point that decompressed; kept so a platform quirk cannot throw through.
            return Secp256r1Result.InvalidPublicKey;
        }
        using (ecdsa)
        {
            return ecdsa.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                ? Secp256r1Result.Valid
                : Secp256r1Result.Mismatch;
        }
    }

    /// <summary>The precompile's range rule: 1 ≤ r ≤ n − 1 and 1 ≤ s ≤ ⌊n / 2⌋.</summary>
    public static Secp256r1Result CheckSignatureRange(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize) return Secp256r1Result.InvalidSignatureLength;
        var r = signature[..FieldSize];
        var s = signature[FieldSize..];
        if (IsZero(r) || r.SequenceCompareTo(OrderMinusOne) > 0) return Secp256r1Result.ROutOfRange;
        if (IsZero(s) || s.SequenceCompareTo(HalfOrder) > 0) return Secp256r1Result.SOutOfRange;
        return Secp256r1Result.Valid;
    }

    /// <summary>
    /// Decodes a SEC1 compressed point (0x02/0x03 ‖ x) to affine big-endian x and y. False when the tag is
    /// not 0x02/0x03, x ≥ p, or x³ − 3x + b has no square root mod p.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> x, Span<byte> y)
    {
        if (compressed.Length != CompressedPublicKeySize || x.Length < FieldSize || y.Length < FieldSize) return false;
        var tag = compressed[0];
        if (tag != 0x02 && tag != 0x03) return false;
        var xValue = new BigInteger(compressed[1..], isUnsigned: true, isBigEndian: true);
        if (xValue >= P) return false;
        var rhs = (BigInteger.ModPow(xValue, 3, P) - 3 * xValue + B) % P;
        if (rhs.Sign < 0) rhs += P;
        var yValue = BigInteger.ModPow(rhs, SqrtExponent, P);
        if (yValue * yValue % P != rhs) return false;
        var wantOdd = (tag & 1) == 1;
        if (yValue.IsEven == wantOdd)
        {
            // y = 0 has no odd twin (OpenSSL: invalid compression bit); P-256 has no such point anyway.
            if (yValue.IsZero) return false;
            yValue = P - yValue;
        }
        WriteField(xValue, x);
        WriteField(yValue, y);
        return true;
    }

    private static void WriteField(BigInteger value, Span<byte> destination)
    {
        destination[..FieldSize].Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination[(FieldSize - length)..FieldSize], out _, isUnsigned: true, isBigEndian: true);
    }

    private static bool IsZero(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept((byte)0) < 0;
}
