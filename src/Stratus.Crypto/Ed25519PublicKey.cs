using Stratus.Crypto.Curve25519;

namespace Stratus.Crypto;

/// <summary>Public-key decoding on its own, for callers that must report a bad key before anything else.</summary>
public static class Ed25519PublicKey
{
    /// <summary>
    /// ed25519-dalek 1.0.1 <c>PublicKey::from_bytes</c>: 32 bytes whose 255-bit y (reduced or not) is the
    /// y-coordinate of a curve point. Small-order and non-canonical keys pass; only verify_strict refuses those.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> publicKey)
        => publicKey.Length == Ed25519.PublicKeySize && EdwardsPoint.Decompress(publicKey) is not null;
}
