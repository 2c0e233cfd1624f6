using System.Security.Cryptography;


namespace Stratus.Crypto.Curve25519;

/// <summary>
/// A from-the-definition verifier with exactly ed25519-dalek 1.0.1's acceptance rules (over
/// curve25519-dalek 3.x point decoding). It is slow (~0.1–1 ms) and is only consulted for inputs
/// where libsodium's stricter encoding rules would give a different answer.
/// </summary>
internal static class Ed25519Reference
{
    public static Ed25519Result Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey, bool strict)
    {
        if (signature.Length != Ed25519.SignatureSize) return Ed25519Result.InvalidSignatureLength;
        if (publicKey.Length != Ed25519.PublicKeySize) return Ed25519Result.InvalidPublicKeyLength;

        // PublicKey::from_bytes: any 255-bit y that decodes, canonical or not, small order or not.
        var a = EdwardsPoint.Decompress(publicKey);
        if (a is null) return Ed25519Result.InvalidPublicKey;

        // InternalSignature::from_bytes → check_scalar: S must be below L.
        var s = signature[32..];
        if (!Scalar25519.IsCanonical(s)) return Ed25519Result.NonCanonicalScalar;

        var rBytes = signature[..32];
        EdwardsPoint? r = null;
        if (strict)
        {
            r = EdwardsPoint.Decompress(rBytes);
            if (r is null) return Ed25519Result.InvalidR;
            if (r.Value.IsSmallOrder) return Ed25519Result.SmallOrderR;
            if (a.Value.IsSmallOrder) return Ed25519Result.SmallOrderPublicKey;
        }

        // k = SHA-512(R ‖ A ‖ M) mod L over the bytes exactly as given.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(rBytes);
        sha.AppendData(publicKey);
        sha.AppendData(message);
        var k = Scalar25519.Reduce(sha.GetHashAndReset());

        // R' = [k](−A) + [s]B, the cofactorless equation.
        var check = EdwardsPoint.DoubleScalarMultiplyBase(k, a.Value.Negate(), s);
        if (strict)
            return check.PointEquals(r!.Value) ? Ed25519Result.Valid : Ed25519Result.Mismatch;
        return check.Compress().AsSpan().SequenceEqual(rBytes) ? Ed25519Result.Valid : Ed25519Result.Mismatch;
    }
}
