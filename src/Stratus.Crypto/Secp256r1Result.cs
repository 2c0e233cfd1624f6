namespace Stratus.Crypto;

/// <summary>Outcome of a <see cref="Secp256r1.Verify"/>, naming the first rule a bad signature broke.</summary>
public enum Secp256r1Result : byte
{
    Valid = 0,

    /// <summary>The signature is not 64 bytes.</summary>
    InvalidSignatureLength,

    /// <summary>The public key is not 33 bytes.</summary>
    InvalidPublicKeyLength,

    /// <summary>r is 0 or at least the group order n.</summary>
    ROutOfRange,

    /// <summary>s is 0 or above ⌊n / 2⌋ (high-S is rejected, not normalised).</summary>
    SOutOfRange,

    /// <summary>The key is not a compressed encoding of a curve point.</summary>
    InvalidPublicKey,

    /// <summary>Well-formed, but the ECDSA equation does not hold for this message and key.</summary>
    Mismatch,
}
