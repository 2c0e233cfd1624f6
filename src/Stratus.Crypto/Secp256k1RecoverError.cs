namespace Stratus.Crypto;

/// <summary>
/// Result of <see cref="Secp256k1.Recover"/>, numbered like solana-secp256k1-recover's
/// <c>Secp256k1RecoverError</c> so the value is what <c>sol_secp256k1_recover</c> returns in r0.
/// </summary>
public enum Secp256k1RecoverError : ulong
{
    Success = 0,
    InvalidHash = 1,
    InvalidRecoveryId = 2,
    InvalidSignature = 3,
}
