using Stratus.Core;
using Stratus.Crypto;
using Stratus.Crypto.Curve25519;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// Program-derived addresses (solana-pubkey <c>create_program_address</c> /
/// <c>try_find_program_address</c>): sha256(seed₀ ‖ … ‖ program id ‖ "ProgramDerivedAddress"),
/// valid only when the hash is not an ed25519 point. Shared by the PDA syscalls and CPI signer seeds.
/// </summary>
public static class ProgramAddress
{
    public const int MaxSeeds = 16;
    public const int MaxSeedLength = 32;

    private static ReadOnlySpan<byte> Marker => "ProgramDerivedAddress"u8;

    /// <summary>Seeds given as byte arrays (CPI signer seeds, tools, tests).</summary>
    public static PubkeyError? TryCreate(IReadOnlyList<byte[]> seeds, in Pubkey programId, out Pubkey address)
    {
        address = default;
        if (seeds.Count > MaxSeeds) return PubkeyError.MaxSeedLengthExceeded;
        var hasher = Sha256Hasher.Create();
        foreach (var seed in seeds)
        {
            if (seed.Length > MaxSeedLength) return PubkeyError.MaxSeedLengthExceeded;
            hasher.Update(seed);
        }
        return Finish(ref hasher, programId, out address);
    }

    /// <summary>
    /// <c>Pubkey::find_program_address</c>: the first bump from 255 down to 1 whose address is off the
    /// curve (bump 0 is never tried), or false.
    /// </summary>
    public static bool TryFind(IReadOnlyList<byte[]> seeds, in Pubkey programId, out Pubkey address, out byte bump)
    {
        var withBump = new List<byte[]>(seeds) { new byte[1] };
        for (int b = 255; b > 0; b--)
        {
            withBump[^1][0] = (byte)b;
            if (TryCreate(withBump, programId, out address) == null)
            {
                bump = (byte)b;
                return true;
            }
        }
        address = default;
        bump = 0;
        return false;
    }

    /// <summary>The hash of seeds already checked for count and length, plus an optional bump seed.</summary>
    internal static PubkeyError? CreateFromHasher(ref Sha256Hasher hasher, in Pubkey programId, out Pubkey address) =>
        Finish(ref hasher, programId, out address);

    private static PubkeyError? Finish(ref Sha256Hasher hasher, in Pubkey programId, out Pubkey address)
    {
        hasher.Update(programId.AsSpan());
        hasher.Update(Marker);
        Span<byte> hash = stackalloc byte[32];
        hasher.Finish(hash);
        address = default;
        if (Edwards25519.IsValidPoint(hash)) return PubkeyError.InvalidSeeds;
        address = new Pubkey(hash);
        return null;
    }
}
