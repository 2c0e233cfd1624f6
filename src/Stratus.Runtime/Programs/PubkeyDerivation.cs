using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Crypto;

namespace Stratus.Runtime.Programs;

/// <summary>Address derivation shared by the System program and the PDA syscalls (solana-pubkey 2.2).</summary>
public static class PubkeyDerivation
{
    public const int MaxSeedLength = 32;
    public const int MaxSeeds = 16;

    // solana-pubkey PubkeyError discriminants.
    private const uint PubkeyErrorMaxSeedLengthExceeded = 0;
    private const uint PubkeyErrorIllegalOwner = 2;

    public static ReadOnlySpan<byte> PdaMarker => "ProgramDerivedAddress"u8;

    /// <summary>
    /// <c>Pubkey::create_with_seed</c>: sha256(base ‖ seed ‖ owner), refusing long seeds and PDA-marker owners.
    /// The builtins propagate the PubkeyError with <c>?</c>, which goes through solana-instruction's generic
    /// <c>From&lt;T: ToPrimitive&gt;</c> and so becomes <c>Custom(discriminant)</c>, not the like-named InstructionError
    /// variants (LiteSVM/Agave 2.2 report <c>Custom(0)</c> for an over-long seed).
    /// </summary>
    public static InstructionError? CreateWithSeed(in Pubkey @base, string seed, in Pubkey owner, out Pubkey address)
    {
        address = default;
        var seedBytes = global::System.Text.Encoding.UTF8.GetBytes(seed);
        if (seedBytes.Length > MaxSeedLength) return InstructionError.FromCustom(PubkeyErrorMaxSeedLengthExceeded);
        var ownerBytes = owner.AsSpan();
        if (ownerBytes.Length >= PdaMarker.Length && ownerBytes[^PdaMarker.Length..].SequenceEqual(PdaMarker))
            return InstructionError.FromCustom(PubkeyErrorIllegalOwner);
        var buffer = new byte[32 + seedBytes.Length + 32];
        @base.CopyTo(buffer);
        seedBytes.CopyTo(buffer, 32);
        owner.CopyTo(buffer.AsSpan(32 + seedBytes.Length));
        Span<byte> digest = stackalloc byte[32];
        Sha256.Hash(buffer, digest);
        address = Pubkey.Read(digest);
        return null;
    }
}
