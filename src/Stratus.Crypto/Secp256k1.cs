using Stratus.Crypto.Native;

namespace Stratus.Crypto;

/// <summary>
/// secp256k1 ECDSA public-key recovery with the semantics of Agave's <c>sol_secp256k1_recover</c>
/// (libsecp256k1 crate 0.6: <c>Message::parse_slice</c>, <c>RecoveryId::parse</c>,
/// <c>Signature::parse_standard_slice</c>, <c>recover</c>), computed by Debian's C libsecp256k1:
/// <list type="bullet">
/// <item>r and s must each be below the group order n (parse rejects overflow); zero r or s fails in recover.</item>
/// <item>High-S signatures are accepted: neither library's recover normalises or rejects s > n/2, so
/// (r, n − s) with the other recovery parity yields the same key.</item>
/// <item>Recovery ids 2 and 3 mean x = r + n, which fails when r + n ≥ p.</item>
/// <item>The 32-byte hash is any value: it is reduced modulo n, never rejected.</item>
/// </list>
/// </summary>
public static unsafe class Secp256k1
{
    public const int HashSize = 32;
    public const int SignatureSize = 64;
    public const int SecretKeySize = 32;

    /// <summary>Uncompressed public key without the 0x04 tag: x ‖ y, big-endian.</summary>
    public const int PublicKeySize = 64;

    /// <summary>
    /// Recovers the signer's key from a 32-byte message hash, a recovery id (0–3; the syscall passes
    /// a u64) and a 64-byte compact signature r ‖ s. Checks run in Agave's order: hash, recovery id,
    /// signature.
    /// </summary>
    public static Secp256k1RecoverError Recover(ReadOnlySpan<byte> hash, ulong recoveryId, ReadOnlySpan<byte> signature, Span<byte> publicKey)
    {
        if (publicKey.Length < PublicKeySize)
            throw new ArgumentException($"publicKey must hold {PublicKeySize} bytes, got {publicKey.Length}", nameof(publicKey));
        if (hash.Length != HashSize) return Secp256k1RecoverError.InvalidHash;
        // u64 → u8 conversion, then RecoveryId::parse: both failures are InvalidRecoveryId.
        if (recoveryId > 3) return Secp256k1RecoverError.InvalidRecoveryId;
        if (signature.Length != SignatureSize) return Secp256k1RecoverError.InvalidSignature;

        var lib = LibSecp256k1.Instance;
        var parsed = stackalloc byte[LibSecp256k1.RecoverableSignatureStructSize];
        var key = stackalloc byte[LibSecp256k1.PubkeyStructSize];
        var serialized = stackalloc byte[PublicKeySize + 1];
        fixed (byte* sig = signature)
        fixed (byte* msg = hash)
        {
            if (lib.RecoverableSignatureParseCompact(lib.Context, parsed, sig, (int)recoveryId) != 1)
                return Secp256k1RecoverError.InvalidSignature;
            if (lib.EcdsaRecover(lib.Context, key, parsed, msg) != 1)
                return Secp256k1RecoverError.InvalidSignature;
        }
        nuint length = PublicKeySize + 1;
        lib.PubkeySerialize(lib.Context, serialized, &length, key, LibSecp256k1.Uncompressed);
        new ReadOnlySpan<byte>(serialized + 1, PublicKeySize).CopyTo(publicKey);
        return Secp256k1RecoverError.Success;
    }

    public const int EthereumAddressSize = 20;

    /// <summary>
    /// The Ethereum address of a 64-byte uncompressed public key: the last 20 bytes of its keccak256,
    /// which the secp256k1 precompile compares with the address in its instruction data.
    /// </summary>
    public static void EthereumAddress(ReadOnlySpan<byte> publicKey, Span<byte> destination)
    {
        if (publicKey.Length != PublicKeySize) throw new ArgumentException($"publicKey must be {PublicKeySize} bytes, got {publicKey.Length}", nameof(publicKey));
        if (destination.Length < EthereumAddressSize) throw new ArgumentException($"destination must hold {EthereumAddressSize} bytes", nameof(destination));
        Span<byte> digest = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(publicKey, digest);
        digest[(Keccak256.HashSize - EthereumAddressSize)..].CopyTo(destination);
    }

    /// <summary>Signs a 32-byte hash (RFC 6979 nonce, low-S). False when the secret key is zero or ≥ n.</summary>
    public static bool SignRecoverable(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> secretKey, Span<byte> signature, out int recoveryId)
    {
        if (hash.Length != HashSize) throw new ArgumentException($"hash must be {HashSize} bytes, got {hash.Length}", nameof(hash));
        if (secretKey.Length != SecretKeySize) throw new ArgumentException($"secretKey must be {SecretKeySize} bytes, got {secretKey.Length}", nameof(secretKey));
        if (signature.Length < SignatureSize) throw new ArgumentException($"signature must hold {SignatureSize} bytes", nameof(signature));
        var lib = LibSecp256k1.Instance;
        var parsed = stackalloc byte[LibSecp256k1.RecoverableSignatureStructSize];
        int id;
        fixed (byte* msg = hash)
        fixed (byte* sk = secretKey)
        fixed (byte* sig = signature)
        {
            if (lib.EcdsaSignRecoverable(lib.Context, parsed, msg, sk, 0, 0) != 1)
            {
                recoveryId = -1;
                return false;
            }
            lib.RecoverableSignatureSerializeCompact(lib.Context, sig, &id, parsed);
        }
        recoveryId = id;
        return true;
    }

    /// <summary>The 64-byte uncompressed public key of a secret key; false when the key is zero or ≥ n.</summary>
    public static bool DerivePublicKey(ReadOnlySpan<byte> secretKey, Span<byte> publicKey)
    {
        if (secretKey.Length != SecretKeySize) throw new ArgumentException($"secretKey must be {SecretKeySize} bytes, got {secretKey.Length}", nameof(secretKey));
        if (publicKey.Length < PublicKeySize) throw new ArgumentException($"publicKey must hold {PublicKeySize} bytes", nameof(publicKey));
        var lib = LibSecp256k1.Instance;
        var key = stackalloc byte[LibSecp256k1.PubkeyStructSize];
        var serialized = stackalloc byte[PublicKeySize + 1];
        fixed (byte* sk = secretKey)
        {
            if (lib.PubkeyCreate(lib.Context, key, sk) != 1) return false;
        }
        nuint length = PublicKeySize + 1;
        lib.PubkeySerialize(lib.Context, serialized, &length, key, LibSecp256k1.Uncompressed);
        new ReadOnlySpan<byte>(serialized + 1, PublicKeySize).CopyTo(publicKey);
        return true;
    }
}
