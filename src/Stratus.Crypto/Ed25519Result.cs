namespace Stratus.Crypto;

/// <summary>Outcome of an Ed25519 verification, naming the first rule a bad signature broke.</summary>
public enum Ed25519Result : byte
{
    Valid = 0,

    /// <summary>The signature is not 64 bytes.</summary>
    InvalidSignatureLength,

    /// <summary>The public key is not 32 bytes.</summary>
    InvalidPublicKeyLength,

    /// <summary>The public key's y-coordinate is not on the curve.</summary>
    InvalidPublicKey,

    /// <summary>S (signature bytes 32..64) is not below the group order L.</summary>
    NonCanonicalScalar,

    /// <summary>Strict only: R (signature bytes 0..32) does not decode to a curve point.</summary>
    InvalidR,

    /// <summary>Strict only: R is one of the eight points of order dividing 8.</summary>
    SmallOrderR,

    /// <summary>Strict only: the public key is one of the eight points of order dividing 8.</summary>
    SmallOrderPublicKey,

    /// <summary>Well-formed, but [S]B − [k]A is not R: the signature does not match the message and key.</summary>
    Mismatch,
}
