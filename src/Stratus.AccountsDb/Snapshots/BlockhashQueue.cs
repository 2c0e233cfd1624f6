using Stratus.Core;
using Stratus.AccountsDb.Genesis;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>One recent blockhash: the fee it was registered with, its sequence number and wall-clock time (ms).</summary>
public readonly record struct BlockhashInfo(Hash Hash, ulong LamportsPerSignature, ulong HashIndex, ulong Timestamp);

/// <summary>The bank's recent blockhashes (<c>BlockhashQueue</c>); <see cref="Hashes"/> is in file (hash-map) order.</summary>
public sealed record BlockhashQueue(ulong LastHashIndex, Hash? LastHash, IReadOnlyList<BlockhashInfo> Hashes, ulong MaxAge)
{
    private const string Ctx = "bank.blockhash_queue";

    internal static BlockhashQueue Read(ref FieldReader r)
    {
        var lastIndex = r.U64(Ctx, "last_hash_index");
        Hash? last = r.OptionTag(Ctx, "last_hash") ? r.Hash(Ctx, "last_hash") : null;
        var count = r.Length(Hash.Length + 24, Ctx, "hashes");
        var hashes = new BlockhashInfo[r.Ok ? count : 0];
        for (var i = 0; i < hashes.Length && r.Ok; i++)
        {
            hashes[i] = new BlockhashInfo(
                r.Hash(Ctx, "hashes.hash"),
                r.U64(Ctx, "hashes.fee_calculator.lamports_per_signature"),
                r.U64(Ctx, "hashes.hash_index"),
                r.U64(Ctx, "hashes.timestamp"));
        }
        var maxAge = r.U64(Ctx, "max_age");
        return new BlockhashQueue(lastIndex, last, hashes, maxAge);
    }
}
