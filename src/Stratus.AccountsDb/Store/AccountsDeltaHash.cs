using Stratus.Core;
using Stratus.Core.Accounts;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// The pre-lattice accounts-delta hash of a slot: merkle root (fanout 16) of the blake3 account hashes of the
/// accounts the slot wrote, sorted by pubkey (zero-lamport accounts contribute all-zero leaves).
/// </summary>
public static class AccountsDeltaHash
{
    public static Hash Compute(IEnumerable<KeyValuePair<Pubkey, Account>> writes)
    {
        var sorted = writes.ToList();
        sorted.Sort((a, b) => a.Key.CompareTo(b.Key));
        var merkle = new MerkleHasher();
        Span<byte> leaf = stackalloc byte[Hash.Length];
        foreach (var (pubkey, account) in sorted)
        {
            AccountHashes.MerkleLeaf(account.Lamports, account.RentEpoch, account.Data, account.Executable, account.Owner.AsSpan(), pubkey.AsSpan(), leaf);
            merkle.Add(leaf);
        }
        return merkle.Finish();
    }
}
