using Stratus.Core;
using Stratus.AccountsDb.Genesis;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>Accounts hashes of the full snapshot an incremental one builds on (pre-lattice-hash era; unused since).</summary>
public sealed record BankIncrementalSnapshotPersistence(
    ulong FullSlot,
    Hash FullHash,
    ulong FullCapitalization,
    Hash IncrementalHash,
    ulong IncrementalCapitalization);

/// <summary>
/// The optional fields after the accounts-db fields. Each one is read only if input remains (Agave's
/// <c>default_on_eof</c>); once the input ends every later field is absent. Agave 2.2
/// (<c>ExtraFieldsToDeserialize</c>) defines the first five; Agave 4.x adds <see cref="BlockId"/> as a sixth.
/// A field cut off partway is an error here (Agave would silently take the default).
/// </summary>
public sealed class ExtraFields
{
    /// <summary>Fields in the order they appear.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "lamports_per_signature",
        "incremental_snapshot_persistence",
        "epoch_accounts_hash",
        "versioned_epoch_stakes",
        "accounts_lt_hash",
        "block_id",
    ];

    /// <summary>Number of extra fields present (0–6); fields beyond it took their defaults.</summary>
    public int Count { get; init; }

    /// <summary>Overrides the fee rate governor's lamports_per_signature (which bincode does not carry).</summary>
    public ulong? LamportsPerSignature { get; init; }

    public BankIncrementalSnapshotPersistence? IncrementalSnapshotPersistence { get; init; }
    public Hash? EpochAccountsHash { get; init; }

    /// <summary>Epoch stakes in the Stakes&lt;Stake&gt; format (all variants are "Current", tag 0); empty when absent.</summary>
    public IReadOnlyList<EpochStakes> VersionedEpochStakes { get; init; } = [];

    public AccountsLtHash? AccountsLtHash { get; init; }

    /// <summary>The bank's block id (last shred merkle root), written by Agave 4.x.</summary>
    public Hash? BlockId { get; init; }

    internal static ExtraFields? Read(ref FieldReader r)
    {
        const string ctx = "extra";
        var count = 0;
        ulong? lamports = null;
        BankIncrementalSnapshotPersistence? persistence = null;
        Hash? eah = null;
        EpochStakes[] versioned = [];
        AccountsLtHash? ltHash = null;
        Hash? blockId = null;

        if (!r.IsAtEnd)
        {
            count++;
            lamports = r.U64(ctx, "lamports_per_signature");
        }
        if (r.Ok && !r.IsAtEnd)
        {
            count++;
            if (r.OptionTag(ctx, "incremental_snapshot_persistence"))
            {
                const string p = "extra.incremental_snapshot_persistence";
                persistence = new BankIncrementalSnapshotPersistence(
                    r.U64(p, "full_slot"), r.Hash(p, "full_hash"), r.U64(p, "full_capitalization"),
                    r.Hash(p, "incremental_hash"), r.U64(p, "incremental_capitalization"));
            }
        }
        if (r.Ok && !r.IsAtEnd)
        {
            count++;
            if (r.OptionTag(ctx, "epoch_accounts_hash")) eah = r.Hash(ctx, "epoch_accounts_hash");
        }
        if (r.Ok && !r.IsAtEnd)
        {
            count++;
            var n = r.Length(8 + 4 + EpochStakes.MinSerializedSize, ctx, "versioned_epoch_stakes");
            versioned = new EpochStakes[r.Ok ? n : 0];
            for (var i = 0; i < versioned.Length && r.Ok; i++)
            {
                var epoch = r.U64(ctx, "versioned_epoch_stakes.epoch");
                var variantAt = r.Position;
                var variant = r.EnumTag(ctx, "versioned_epoch_stakes.variant");
                if (r.Ok && variant != 0)
                {
                    r.FailAt(variantAt, Stratus.Core.Serialization.BincodeError.InvalidEnumTag, ctx, "versioned_epoch_stakes.variant", $"variant {variant} (only 0 = Current exists)");
                    break;
                }
                versioned[i] = EpochStakes.Read(ref r, epoch, "extra.versioned_epoch_stakes", StakesFormat.Stake);
            }
        }
        if (r.Ok && !r.IsAtEnd)
        {
            count++;
            if (r.OptionTag(ctx, "accounts_lt_hash"))
            {
                var bytes = r.Bytes(Stratus.Crypto.LtHash.Size, ctx, "accounts_lt_hash");
                if (r.Ok) ltHash = new AccountsLtHash(bytes);
            }
        }
        if (r.Ok && !r.IsAtEnd)
        {
            count++;
            if (r.OptionTag(ctx, "block_id")) blockId = r.Hash(ctx, "block_id");
        }
        if (!r.Ok) return null;

        return new ExtraFields
        {
            Count = count,
            LamportsPerSignature = lamports,
            IncrementalSnapshotPersistence = persistence,
            EpochAccountsHash = eah,
            VersionedEpochStakes = versioned,
            AccountsLtHash = ltHash,
            BlockId = blockId,
        };
    }
}
