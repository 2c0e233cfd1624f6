namespace Stratus.Runtime.Precompiles;

public enum PrecompileKind : byte
{
    None = 0,
    Secp256k1,
    Ed25519,
    Secp256r1,
}
