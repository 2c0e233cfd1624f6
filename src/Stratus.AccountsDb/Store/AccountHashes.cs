using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Store;

/// <summary>Per-account hashes: the blake3 account hash of the merkle era and the 2,048-byte lattice hash.</summary>
public static class AccountHashes
{
    /// <summary>
    /// blake3(lamports || rent_epoch || data || executable || owner || pubkey); all zeros for zero lamports (Agave
    /// 1.17–2.x accounts hash and accounts-delta hash).
    /// </summary>
    public static void MerkleLeaf(ulong lamports, ulong rentEpoch, ReadOnlySpan<byte> data, bool executable,
        ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, Span<byte> destination)
    {
        if (lamports == 0)
        {
            destination[..Hash.Length].Clear();
            return;
        }
        var hasher = Blake3Hasher.Create();
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(header, lamports);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], rentEpoch);
        hasher.Update(header);
        hasher.Update(data);
        header[0] = executable ? (byte)1 : (byte)0;
        hasher.Update(header[..1]);
        hasher.Update(owner);
        hasher.Update(pubkey);
        hasher.Finalize(destination[..Hash.Length]);
    }

    /// <summary>The account's lattice hash; the identity (zeros) for zero lamports.</summary>
    public static void Lattice(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner,
        ReadOnlySpan<byte> pubkey, Span<byte> destination)
    {
        if (lamports == 0)
        {
            destination[..LtHash.Size].Clear();
            return;
        }
        LtHash.ComputeAccount(lamports, data, executable, owner, pubkey, destination);
    }
}
