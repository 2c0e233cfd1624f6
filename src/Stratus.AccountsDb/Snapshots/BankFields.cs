using Stratus.Core;
using Stratus.Core.Serialization;
using Stratus.AccountsDb.Genesis;
using Stratus.Runtime.Sysvars;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>A hard fork: the slot and how many times the cluster forked there.</summary>
public readonly record struct HardFork(ulong Slot, ulong Count);

/// <summary>An ancestor slot of the snapshot bank (the map value is unused by Agave).</summary>
public readonly record struct Ancestor(ulong Slot, ulong Value);

/// <summary>Three unused collections still serialized for compatibility (two pubkey sets and a pubkey → u64 map).</summary>
public sealed record UnusedAccounts(IReadOnlyList<Pubkey> Unused1, IReadOnlyList<Pubkey> Unused2, IReadOnlyList<KeyValuePair<Pubkey, ulong>> Unused3);

/// <summary>
/// The bank part of a snapshot manifest (Agave's <c>DeserializableVersionedBank</c>), field for field in file order.
/// Hash maps are kept as lists in file order.
/// </summary>
public sealed class BankFields
{
    private const string Ctx = "bank";

    public required BlockhashQueue BlockhashQueue { get; init; }
    public required IReadOnlyList<Ancestor> Ancestors { get; init; }
    public required Hash Hash { get; init; }
    public required Hash ParentHash { get; init; }
    public required ulong ParentSlot { get; init; }
    public required IReadOnlyList<HardFork> HardForks { get; init; }
    public required ulong TransactionCount { get; init; }
    public required ulong TickHeight { get; init; }
    public required ulong SignatureCount { get; init; }
    public required ulong Capitalization { get; init; }
    public required ulong MaxTickHeight { get; init; }
    public required ulong? HashesPerTick { get; init; }
    public required ulong TicksPerSlot { get; init; }
    public required UInt128 NsPerSlot { get; init; }
    public required long GenesisCreationTime { get; init; }
    public required double SlotsPerYear { get; init; }
    public required ulong AccountsDataLen { get; init; }
    public required ulong Slot { get; init; }

    /// <summary>The epoch as written. Agave 4.x writes 0 here (the field is ignored on load); use <see cref="EffectiveEpoch"/>.</summary>
    public required ulong Epoch { get; init; }

    public required ulong BlockHeight { get; init; }

    /// <summary>The slot leader (collector_id; "leader_id" in newer Agave).</summary>
    public required Pubkey CollectorId { get; init; }

    public required ulong CollectorFees { get; init; }

    /// <summary>The unused fee_calculator field (lamports_per_signature).</summary>
    public required ulong FeeCalculatorLamportsPerSignature { get; init; }

    /// <summary>As serialized: lamports_per_signature is 0 here (not serialized); see <see cref="SnapshotManifest.FeeRateGovernor"/>.</summary>
    public required FeeRateGovernor FeeRateGovernor { get; init; }

    public required ulong CollectedRent { get; init; }
    /// <summary>Rent collection state. Agave 4.x writes it zeroed (rent collection is gone).</summary>
    public required RentCollector RentCollector { get; init; }
    public required EpochSchedule EpochSchedule { get; init; }
    public required Inflation Inflation { get; init; }
    public required Stakes Stakes { get; init; }
    public required UnusedAccounts UnusedAccounts { get; init; }

    /// <summary>Legacy epoch stakes (Stakes&lt;Delegation&gt;); newer snapshots leave this empty and use versioned epoch stakes.</summary>
    public required IReadOnlyList<EpochStakes> EpochStakes { get; init; }

    public required bool IsDelta { get; init; }

    /// <summary>The epoch of <see cref="Slot"/> under <see cref="EpochSchedule"/>; null when the schedule is unusable (slots_per_epoch 0).</summary>
    public ulong? EffectiveEpoch => EpochSchedule.SlotsPerEpoch == 0 ? null : EpochSchedule.GetEpoch(Slot);

    internal static BankFields? Read(ref FieldReader r)
    {
        var queue = BlockhashQueue.Read(ref r);
        var ancestorCount = r.Length(16, Ctx, "ancestors");
        var ancestors = new Ancestor[r.Ok ? ancestorCount : 0];
        for (var i = 0; i < ancestors.Length && r.Ok; i++) ancestors[i] = new Ancestor(r.U64(Ctx, "ancestors.slot"), r.U64(Ctx, "ancestors.value"));
        var hash = r.Hash(Ctx, "hash");
        var parentHash = r.Hash(Ctx, "parent_hash");
        var parentSlot = r.U64(Ctx, "parent_slot");
        var forkCount = r.Length(16, Ctx, "hard_forks");
        var forks = new HardFork[r.Ok ? forkCount : 0];
        for (var i = 0; i < forks.Length && r.Ok; i++) forks[i] = new HardFork(r.U64(Ctx, "hard_forks.slot"), r.U64(Ctx, "hard_forks.count"));
        var transactionCount = r.U64(Ctx, "transaction_count");
        var tickHeight = r.U64(Ctx, "tick_height");
        var signatureCount = r.U64(Ctx, "signature_count");
        var capitalization = r.U64(Ctx, "capitalization");
        var maxTickHeight = r.U64(Ctx, "max_tick_height");
        ulong? hashesPerTick = r.OptionTag(Ctx, "hashes_per_tick") ? r.U64(Ctx, "hashes_per_tick") : null;
        var ticksPerSlot = r.U64(Ctx, "ticks_per_slot");
        var nsPerSlot = r.U128(Ctx, "ns_per_slot");
        var genesisCreationTime = r.I64(Ctx, "genesis_creation_time");
        var slotsPerYear = r.F64(Ctx, "slots_per_year");
        var accountsDataLen = r.U64(Ctx, "accounts_data_len");
        var slot = r.U64(Ctx, "slot");
        var epoch = r.U64(Ctx, "epoch");
        var blockHeight = r.U64(Ctx, "block_height");
        var collectorId = r.Pubkey(Ctx, "collector_id");
        var collectorFees = r.U64(Ctx, "collector_fees");
        var feeCalculator = r.U64(Ctx, "fee_calculator.lamports_per_signature");
        var governor = FeeRateGovernor.Read(ref r, "bank.fee_rate_governor");
        var collectedRent = r.U64(Ctx, "collected_rent");
        var rentCollector = new RentCollector(
            r.U64("bank.rent_collector", "epoch"),
            SharedTypeCodec.ReadEpochSchedule(ref r, "bank.rent_collector.epoch_schedule"),
            r.F64("bank.rent_collector", "slots_per_year"),
            SharedTypeCodec.ReadRent(ref r, "bank.rent_collector.rent"));
        var schedule = SharedTypeCodec.ReadEpochSchedule(ref r, "bank.epoch_schedule");
        var inflation = Inflation.Read(ref r, "bank.inflation");
        var stakes = Stakes.Read(ref r, "bank.stakes", StakesFormat.Delegation);
        var unused = ReadUnusedAccounts(ref r);
        var epochStakesCount = r.Length(8 + Snapshots.EpochStakes.MinSerializedSize, Ctx, "epoch_stakes");
        var epochStakes = new EpochStakes[r.Ok ? epochStakesCount : 0];
        for (var i = 0; i < epochStakes.Length && r.Ok; i++)
        {
            var e = r.U64(Ctx, "epoch_stakes.epoch");
            epochStakes[i] = Snapshots.EpochStakes.Read(ref r, e, "bank.epoch_stakes", StakesFormat.Delegation);
        }
        var isDelta = r.Bool(Ctx, "is_delta");
        if (!r.Ok) return null;

        return new BankFields
        {
            BlockhashQueue = queue,
            Ancestors = ancestors,
            Hash = hash,
            ParentHash = parentHash,
            ParentSlot = parentSlot,
            HardForks = forks,
            TransactionCount = transactionCount,
            TickHeight = tickHeight,
            SignatureCount = signatureCount,
            Capitalization = capitalization,
            MaxTickHeight = maxTickHeight,
            HashesPerTick = hashesPerTick,
            TicksPerSlot = ticksPerSlot,
            NsPerSlot = nsPerSlot,
            GenesisCreationTime = genesisCreationTime,
            SlotsPerYear = slotsPerYear,
            AccountsDataLen = accountsDataLen,
            Slot = slot,
            Epoch = epoch,
            BlockHeight = blockHeight,
            CollectorId = collectorId,
            CollectorFees = collectorFees,
            FeeCalculatorLamportsPerSignature = feeCalculator,
            FeeRateGovernor = governor,
            CollectedRent = collectedRent,
            RentCollector = rentCollector,
            EpochSchedule = schedule,
            Inflation = inflation,
            Stakes = stakes,
            UnusedAccounts = unused,
            EpochStakes = epochStakes,
            IsDelta = isDelta,
        };
    }

    private static UnusedAccounts ReadUnusedAccounts(ref FieldReader r)
    {
        const string ctx = "bank.unused_accounts";
        var n1 = r.Length(Pubkey.Length, ctx, "unused1");
        var set1 = new Pubkey[r.Ok ? n1 : 0];
        for (var i = 0; i < set1.Length && r.Ok; i++) set1[i] = r.Pubkey(ctx, "unused1");
        var n2 = r.Length(Pubkey.Length, ctx, "unused2");
        var set2 = new Pubkey[r.Ok ? n2 : 0];
        for (var i = 0; i < set2.Length && r.Ok; i++) set2[i] = r.Pubkey(ctx, "unused2");
        var n3 = r.Length(Pubkey.Length + 8, ctx, "unused3");
        var map3 = new KeyValuePair<Pubkey, ulong>[r.Ok ? n3 : 0];
        for (var i = 0; i < map3.Length && r.Ok; i++) map3[i] = new(r.Pubkey(ctx, "unused3.key"), r.U64(ctx, "unused3.value"));
        return new UnusedAccounts(set1, set2, map3);
    }
}
