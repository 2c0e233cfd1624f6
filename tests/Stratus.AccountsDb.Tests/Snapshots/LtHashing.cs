using Stratus.Core;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Tests.Snapshots;

/// <summary>Lattice hashes of parsed accounts (Crypto's <see cref="LtHash"/>), to check parsing against the manifests' values.</summary>
internal static class LtHashing
{
    public static byte[] Account(ulong lamports, ReadOnlySpan<byte> data, bool executable, Pubkey owner, Pubkey pubkey)
    {
        var output = new byte[LtHash.Size];
        LtHash.ComputeAccount(lamports, data, executable, owner.AsSpan(), pubkey.AsSpan(), output);
        return output;
    }

    public static void Add(byte[] total, ReadOnlySpan<byte> item) => LtHash.MixIn(total, item);
}
