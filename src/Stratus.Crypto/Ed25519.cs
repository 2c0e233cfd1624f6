using Stratus.Core;
using Stratus.Crypto.Curve25519;
using Stratus.Crypto.Native;

namespace Stratus.Crypto;

/// <summary>
/// Ed25519 verification with ed25519-dalek 1.0.1's exact acceptance rules, which is what Agave 2.2
/// (and so X1's Tachyon) runs:
/// <list type="bullet">
/// <item><see cref="VerifyStrict"/> = dalek <c>verify_strict</c>: transaction signatures
/// (solana-signature 2.2 <c>Signature::verify</c>) and the Ed25519 precompile once
/// <c>ed25519_precompile_verify_strict</c> is active.</item>
/// <item><see cref="Verify"/> = dalek <c>verify</c>: the Ed25519 precompile before that feature.</item>
/// </list>
/// libsodium 1.0.18's <c>crypto_sign_verify_detached</c> does the work. Its rules differ from
/// dalek's only for encodings no honest signer produces, and those inputs are routed to a managed
/// reference implementation of dalek's rules instead:
/// <list type="bullet">
/// <item>libsodium rejects a public key whose y is not reduced (y ≥ p); dalek accepts it (both
/// hash the bytes as given).</item>
/// <item>libsodium compares R byte-for-byte with the canonical encoding, so rejects a non-reduced
/// R; dalek's verify_strict decodes R and compares points, so accepts one (dalek's verify compares
/// bytes like libsodium).</item>
/// <item>libsodium rejects small-order R and small-order A by a list of their encodings (sign bit
/// ignored); verify_strict rejects exactly the same set by computing [8]P = 0, but dalek's plain
/// verify accepts both.</item>
/// </list>
/// All three agree on S: it must be below L. All three use the cofactorless equation
/// [S]B = R + [k]A with k = SHA-512(R ‖ A ‖ M) mod L.
/// </summary>
public static unsafe class Ed25519
{
    public const int SignatureSize = 64;
    public const int PublicKeySize = 32;
    public const int SecretKeySize = 64;
    public const int SeedSize = 32;

    /// <summary>ed25519-dalek 1.0.1 <c>PublicKey::verify_strict</c>.</summary>
    public static Ed25519Result VerifyStrict(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != SignatureSize) return Ed25519Result.InvalidSignatureLength;
        if (publicKey.Length != PublicKeySize) return Ed25519Result.InvalidPublicKeyLength;
        var r = signature[..32];
        if (PointEncoding.HasUnreducedY(publicKey) || PointEncoding.HasUnreducedY(r))
            return Ed25519Reference.Verify(signature, message, publicKey, strict: true);
        if (SodiumVerify(signature, message, publicKey)) return Ed25519Result.Valid;

        // libsodium only says "no"; name the rule in dalek's order of checks.
        if (EdwardsPoint.Decompress(publicKey) is null) return Ed25519Result.InvalidPublicKey;
        if (!Scalar25519.IsCanonical(signature[32..])) return Ed25519Result.NonCanonicalScalar;
        if (EdwardsPoint.Decompress(r) is null) return Ed25519Result.InvalidR;
        if (PointEncoding.IsSmallOrder(r)) return Ed25519Result.SmallOrderR;
        if (PointEncoding.IsSmallOrder(publicKey)) return Ed25519Result.SmallOrderPublicKey;
        return Ed25519Result.Mismatch;
    }

    /// <inheritdoc cref="VerifyStrict(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static Ed25519Result VerifyStrict(in Signature signature, ReadOnlySpan<byte> message, in Pubkey publicKey) =>
        VerifyStrict(signature.AsSpan(), message, publicKey.AsSpan());

    /// <inheritdoc cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static Ed25519Result Verify(in Signature signature, ReadOnlySpan<byte> message, in Pubkey publicKey) =>
        Verify(signature.AsSpan(), message, publicKey.AsSpan());

    /// <summary>ed25519-dalek 1.0.1 <c>PublicKey::verify</c> (the <c>Verifier</c> trait): no small-order checks.</summary>
    public static Ed25519Result Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != SignatureSize) return Ed25519Result.InvalidSignatureLength;
        if (publicKey.Length != PublicKeySize) return Ed25519Result.InvalidPublicKeyLength;
        var r = signature[..32];
        if (PointEncoding.HasUnreducedY(publicKey) || PointEncoding.IsSmallOrder(publicKey) || PointEncoding.IsSmallOrder(r))
            return Ed25519Reference.Verify(signature, message, publicKey, strict: false);
        if (SodiumVerify(signature, message, publicKey)) return Ed25519Result.Valid;

        if (EdwardsPoint.Decompress(publicKey) is null) return Ed25519Result.InvalidPublicKey;
        if (!Scalar25519.IsCanonical(signature[32..])) return Ed25519Result.NonCanonicalScalar;
        return Ed25519Result.Mismatch;
    }

    /// <summary>Derives a key pair from a 32-byte seed (libsodium layout: secret key = seed ‖ public key).</summary>
    public static void KeyPairFromSeed(ReadOnlySpan<byte> seed, Span<byte> publicKey, Span<byte> secretKey)
    {
        if (seed.Length != SeedSize) throw new ArgumentException($"seed must be {SeedSize} bytes, got {seed.Length}", nameof(seed));
        if (publicKey.Length < PublicKeySize) throw new ArgumentException($"publicKey must hold {PublicKeySize} bytes", nameof(publicKey));
        if (secretKey.Length < SecretKeySize) throw new ArgumentException($"secretKey must hold {SecretKeySize} bytes", nameof(secretKey));
        var lib = LibSodium.Instance;
        fixed (byte* s = seed)
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
            lib.SignSeedKeypair(pk, sk, s);
    }

    /// <summary>Signs with a libsodium-layout 64-byte secret key (seed ‖ public key).</summary>
    public static void Sign(ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey, Span<byte> signature)
    {
        if (secretKey.Length != SecretKeySize) throw new ArgumentException($"secretKey must be {SecretKeySize} bytes, got {secretKey.Length}", nameof(secretKey));
        if (signature.Length < SignatureSize) throw new ArgumentException($"signature must hold {SignatureSize} bytes", nameof(signature));
        var lib = LibSodium.Instance;
        byte empty = 0;
        fixed (byte* m = message)
        fixed (byte* sk = secretKey)
        fixed (byte* sig = signature)
        {
            ulong length;
            lib.SignDetached(sig, &length, m == null ? &empty : m, (ulong)message.Length, sk);
        }
    }

    /// <summary>libsodium's own verdict, without the routing (tests compare against it).</summary>
    internal static bool SodiumVerify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        var lib = LibSodium.Instance;
        byte empty = 0;
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* pk = publicKey)
            return lib.SignVerifyDetached(sig, m == null ? &empty : m, (ulong)message.Length, pk) == 0;
    }
}
