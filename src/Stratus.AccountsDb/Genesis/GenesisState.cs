using System.Buffers.Binary;
using System.Text;
using Stratus.AccountsDb.Snapshots;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Serialization;
using Stratus.Crypto;
using Stratus.Runtime.Sysvars;

namespace Stratus.AccountsDb.Genesis;

/// <summary>
/// The account state of the slot-0 bank built from a genesis config, as Agave 2.2's <c>Bank::new_with_paths</c>
/// builds it and <c>Bank::freeze</c> finishes it: genesis accounts, rewards pools, the native-loader accounts of
/// the config's instruction processors, of the builtins and precompiles active at genesis, then the sysvars
/// (stake history, clock, rent, epoch schedule, recent blockhashes, last restart slot when gated in) and, on
/// freeze, slot history and the incinerator burn.
/// </summary>
public sealed class GenesisState
{
    /// <summary>Agave's <c>INITIAL_RENT_EPOCH</c>, the rent epoch of accounts the bank creates.</summary>
    public const ulong InitialRentEpoch = 0;

    /// <summary>Lamports of a bank-created account before sysvars are topped up to rent exemption.</summary>
    private const ulong UnadjustedInitialBalance = 1;

    private const int StakeHistorySize = 8 + 512 * 32;
    private const int RecentBlockhashesSize = 8 + 150 * (32 + 8);
    private const int SlotHistoryBits = 1024 * 1024;
    private const int SlotHistorySize = 1 + 8 + SlotHistoryBits / 8 + 8 + 8;

    // Agave 2.2 builtins/src/lib.rs BUILTINS, in order: (name, id, enabling gate or null for always).
    private static readonly (string Name, Pubkey Id, FeatureId? Gate)[] Builtins =
    [
        ("system_program", ProgramIds.System, null),
        ("vote_program", ProgramIds.Vote, null),
        ("stake_program", ProgramIds.Stake, null),
        ("config_program", ProgramIds.Config, null),
        ("solana_bpf_loader_deprecated_program", ProgramIds.BpfLoaderDeprecated, null),
        ("solana_bpf_loader_program", ProgramIds.BpfLoader, null),
        ("solana_bpf_loader_upgradeable_program", ProgramIds.BpfLoaderUpgradeable, null),
        ("compute_budget_program", ProgramIds.ComputeBudget, null),
        ("address_lookup_table_program", ProgramIds.AddressLookupTable, null),
        ("zk_token_proof_program", ProgramIds.ZkTokenProof, FeatureId.ZkTokenSdkEnabled),
        ("loader_v4", ProgramIds.LoaderV4, FeatureId.EnableLoaderV4),
        ("zk_elgamal_proof_program", ProgramIds.ZkElGamalProof, FeatureId.ZkElgamalProofProgramEnabled),
    ];

    private static readonly (Pubkey Id, FeatureId? Gate)[] Precompiles =
    [
        (ProgramIds.Secp256k1Precompile, null),
        (ProgramIds.Ed25519Precompile, null),
        (ProgramIds.Secp256r1Precompile, FeatureId.EnableSecp256r1Precompile),
    ];

    private readonly SortedDictionary<Pubkey, Account> _accounts;

    private GenesisState(SortedDictionary<Pubkey, Account> accounts, ulong capitalization, FeatureSet features, Hash genesisHash, bool frozen)
    {
        _accounts = accounts;
        Capitalization = capitalization;
        FeatureSet = features;
        GenesisHash = genesisHash;
        Frozen = frozen;
    }

    /// <summary>Live accounts (lamports &gt; 0) sorted by pubkey.</summary>
    public IReadOnlyDictionary<Pubkey, Account> Accounts => _accounts;

    public int AccountCount => _accounts.Count;

    /// <summary>The bank's capitalization: every account's lamports except the rewards pools' (Agave never counts them).</summary>
    public ulong Capitalization { get; }

    /// <summary>
    /// Sum of every live account's lamports, rewards pools included (testnet's 32 pools hold u64::MAX each, so this can
    /// exceed u64).
    /// </summary>
    public UInt128 TotalLamports => _accounts.Values.Aggregate(UInt128.Zero, (sum, a) => sum + a.Lamports);

    /// <summary>The gates whose genesis accounts say activated at slot 0.</summary>
    public FeatureSet FeatureSet { get; }

    public Hash GenesisHash { get; }

    /// <summary>
    /// Rent taken by slot 0's eager collection (only from accounts below rent exemption, without
    /// <c>disable_rent_fees_collection</c>). Already out of <see cref="Capitalization"/>; Agave would hand it to the staked
    /// validators (<c>distribute_rent_fees</c>), which this state does not model.
    /// </summary>
    public ulong RentCollected { get; private init; }

    /// <summary>Whether the freeze-time updates (slot history, incinerator) were applied.</summary>
    public bool Frozen { get; }

    /// <summary>SIMD-0215 lattice hash of <see cref="Accounts"/>.</summary>
    public AccountsLtHash ComputeLtHash()
    {
        var sum = new byte[LtHash.Size];
        var one = new byte[LtHash.Size];
        foreach (var (key, account) in _accounts)
        {
            Store.AccountHashes.Lattice(account.Lamports, account.Data, account.Executable, account.Owner.AsSpan(), key.AsSpan(), one);
            LtHash.MixIn(sum, one);
        }
        return new AccountsLtHash(sum);
    }

    /// <summary>
    /// Builds the slot-0 state. <paramref name="cluster"/> names the keys feature gates live under;
    /// <paramref name="freeze"/> applies what <c>Bank::freeze</c> changes (the state a slot-0 bank hash covers).
    /// <paramref name="eagerRentCollection"/> = false skips slot 0's partitioned rent collection, as Agave releases after
    /// SIMD-0175 do unconditionally (2.2 runs it unless <c>disable_partitioned_rent_collection</c> is active at genesis).
    /// <paramref name="slotZeroBlockhash"/> is the hash slot 0's last tick registers (the ledger's, or
    /// <see cref="TickOnlySlotZeroBlockhash"/> when slot 0 holds no transactions): registering it rewrites recent
    /// blockhashes before freeze; without it that sysvar holds the genesis hash only.
    /// A config Agave would refuse (a rewards pool repeating a genesis account, capitalization past u64) throws
    /// <see cref="GenesisFormatException"/>.
    /// </summary>
    public static GenesisState Build(GenesisConfig config, ClusterProfile? cluster = null, bool freeze = true, bool eagerRentCollection = true,
        Hash? slotZeroBlockhash = null)
    {
        cluster ??= ClusterProfile.Solana;
        // Agave divides by it when the bank asks for epoch 0's leader-schedule epoch (a panic there; an error here).
        if (config.EpochSchedule.SlotsPerEpoch == 0)
            throw Invalid("epoch_schedule.slots_per_epoch", "0 slots per epoch");
        var b = new Builder(config.Rent);

        foreach (var (key, account) in Canonical(config.Accounts))
        {
            b.Put(key, account.Clone());
            b.AddCapitalization(account.Lamports, "accounts");
        }
        foreach (var (key, account) in Canonical(config.RewardsPools))
        {
            if (b.Accounts.ContainsKey(key))
                throw Invalid("rewards_pools", $"{key} repeated in genesis config");
            b.Put(key, account.Clone());
        }
        foreach (var p in config.NativeInstructionProcessors) b.AddBuiltin(p.Name, p.ProgramId);

        // Only gates activated at slot 0 are active; pending ones wait for the first epoch boundary.
        var features = new FeatureSet.Builder().ApplyAccounts(cluster, b.ReadFeature, 0, includePending: false).Build();

        // Feature-gated builtins and precompiles (apply_builtin_program_feature_transitions at FinishInit) ...
        foreach (var builtin in Builtins)
            if (builtin.Gate is { } gate && features.IsActive(gate)) b.AddBuiltin(builtin.Name, builtin.Id);
        foreach (var precompile in Precompiles)
            if (precompile.Gate is { } gate && features.IsActive(gate)) b.AddPrecompile(precompile.Id);
        // ... then the ungated ones, except a builtin a genesis account already provides as a core BPF program.
        foreach (var builtin in Builtins)
        {
            if (builtin.Gate != null) continue;
            if (b.Accounts.TryGetValue(builtin.Id, out var existing) && existing.Owner == ProgramIds.BpfLoaderUpgradeable) continue;
            b.AddBuiltin(builtin.Name, builtin.Id);
        }
        foreach (var precompile in Precompiles)
            if (precompile.Gate == null) b.AddPrecompile(precompile.Id);

        var genesisHash = config.Hash;
        var schedule = config.EpochSchedule;
        b.UpdateSysvar(SysvarIds.StakeHistory, new byte[StakeHistorySize]);
        var creation = config.CreationTime;
        b.UpdateSysvar(SysvarIds.Clock, new Clock(0, creation, schedule.GetEpoch(0), LeaderScheduleEpoch(schedule, 0), creation).Serialize());
        b.UpdateSysvar(SysvarIds.Rent, config.Rent.Serialize());
        b.UpdateSysvar(SysvarIds.EpochSchedule, schedule.Serialize());
        b.UpdateSysvar(SysvarIds.RecentBlockhashes, RecentBlockhashes([(genesisHash, config.FeeRateGovernor.LamportsPerSignature)]));
        if (features.IsActive(FeatureId.LastRestartSlotSysvar)) b.UpdateSysvar(SysvarIds.LastRestartSlot, new byte[8]);

        if (freeze)
        {
            if (slotZeroBlockhash is { } blockhash)
                b.UpdateSysvar(SysvarIds.RecentBlockhashes, RecentBlockhashes(
                    [(blockhash, config.FeeRateGovernor.LamportsPerSignature), (genesisHash, config.FeeRateGovernor.LamportsPerSignature)]));
            if (eagerRentCollection && !features.IsActive(FeatureId.DisablePartitionedRentCollection))
                b.CollectRentInFirstPartition(config, features.IsActive(FeatureId.DisableRentFeesCollection));
            b.UpdateSysvar(SysvarIds.SlotHistory, SlotHistoryWithSlotZero());
            if (b.Accounts.TryGetValue(ProgramIds.Incinerator, out var incinerator))
            {
                b.SubtractCapitalization(incinerator.Lamports);
                b.Accounts.Remove(ProgramIds.Incinerator);
            }
        }
        return new GenesisState(b.Accounts, b.Capitalization, features, genesisHash, freeze) { RentCollected = b.RentCollected };
    }

    /// <summary>
    /// Writes the state into an empty store as root slot 0 (the bank hash is not computed here: default unless given),
    /// recording <see cref="Capitalization"/>, which leaves out the rewards pools, as the root's capitalization.
    /// </summary>
    public void WriteTo(Store.AccountStore store, Hash bankHash = default)
    {
        store.InitializeRoot(0, bankHash, _accounts);
        if (store.RootCapitalization != Capitalization)
            store.CommitLoaded(0, bankHash, Capitalization, store.RootAccountCount, store.RootLtHash.Bytes, []);
    }

    /// <summary>Agave's <c>EpochSchedule::get_leader_schedule_epoch</c>.</summary>
    public static ulong LeaderScheduleEpoch(EpochSchedule schedule, ulong slot)
    {
        if (slot < schedule.FirstNormalSlot) return schedule.GetEpoch(slot) + 1;
        var sinceFirstNormal = slot - schedule.FirstNormalSlot + schedule.LeaderScheduleSlotOffset;
        return schedule.FirstNormalEpoch + sinceFirstNormal / schedule.SlotsPerEpoch;
    }

    /// <summary>
    /// The blockhash of a slot 0 made of ticks only: <c>ticks_per_slot</c> ticks of <c>hashes_per_tick</c> chained sha256
    /// from the genesis hash. Null without a fixed hashes-per-tick, or when that is more than 2^32 hashes.
    /// </summary>
    public static Hash? TickOnlySlotZeroBlockhash(GenesisConfig config)
    {
        if (config.HashesPerTick is not { } perTick || perTick == 0 || config.TicksPerSlot == 0) return null;
        if (perTick > uint.MaxValue / config.TicksPerSlot) return null;
        Span<byte> hash = stackalloc byte[Hash.Length];
        config.Hash.AsSpan().CopyTo(hash);
        for (var n = perTick * config.TicksPerSlot; n > 0; n--) Sha256.Hash(hash, hash);
        return new Hash(hash);
    }

    // RecentBlockhashes: newest first, each (blockhash, lamports_per_signature), in an account sized for 150 entries.
    private static byte[] RecentBlockhashes(ReadOnlySpan<(Hash Hash, ulong LamportsPerSignature)> entries)
    {
        var data = new byte[RecentBlockhashesSize];
        BinaryPrimitives.WriteUInt64LittleEndian(data, (ulong)entries.Length);
        var at = 8;
        foreach (var (hash, lamports) in entries)
        {
            hash.AsSpan().CopyTo(data.AsSpan(at));
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(at + 32), lamports);
            at += 40;
        }
        return data;
    }

    // SlotHistory { bits: BitVec<u64> (Some(words), bit length), next_slot } after add(0): bit 0 set, next_slot 1.
    private static byte[] SlotHistoryWithSlotZero()
    {
        var data = new byte[SlotHistorySize];
        data[0] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(1), SlotHistoryBits / 64);
        data[9] = 1;
        var tail = 9 + SlotHistoryBits / 8;
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(tail), SlotHistoryBits);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(tail + 8), 1);
        return data;
    }

    /// <summary>
    /// Partitions of eager rent collection at slot 0 (parent 0): always the first of N, where N follows Agave's
    /// rent_collection_partitions: the fixed two-day cycle off mainnet when normal epochs are shorter than two days,
    /// else epoch 0's slots (times the epochs per cycle when epoch 0 is already normal and short).
    /// </summary>
    public static ulong RentPartitionCountAtSlotZero(GenesisConfig config)
    {
        var schedule = config.EpochSchedule;
        var normalEpochSlots = schedule.GetSlotsInEpoch(schedule.FirstNormalEpoch);
        var twoDays = config.TicksPerSlot == 0 ? ulong.MaxValue : 2 * 160 * 86_400 / config.TicksPerSlot;
        var shortEpochs = normalEpochSlots != EpochSchedule.MinimumSlotsPerEpoch && normalEpochSlots < twoDays;
        if (shortEpochs && config.ClusterType != ClusterType.MainnetBeta) return twoDays;
        var epoch0Slots = schedule.GetSlotsInEpoch(0);
        if (shortEpochs && schedule.FirstNormalEpoch == 0) return epoch0Slots * (twoDays / epoch0Slots);
        return epoch0Slots;
    }

    /// <summary>Upper bound (inclusive) of the first 8 pubkey bytes, big-endian, in partition 0 of <paramref name="count"/>.</summary>
    public static ulong FirstPartitionEndPrefix(ulong count)
    {
        if (count <= 1) return ulong.MaxValue;
        var width = (ulong.MaxValue - count + 1) / count + 1;
        return width - 1;
    }

    private static SortedDictionary<Pubkey, Account> Canonical(IReadOnlyList<KeyValuePair<Pubkey, Account>> entries)
    {
        var map = new SortedDictionary<Pubkey, Account>();
        foreach (var (key, account) in entries) map[key] = account;
        return map;
    }

    private static GenesisFormatException Invalid(string field, string detail)
        => new(null, new DecodeError(BincodeError.InvalidValue, 0, field, detail));

    private sealed class Builder(Rent rent)
    {
        public SortedDictionary<Pubkey, Account> Accounts { get; } = new();
        public ulong Capitalization { get; private set; }

        public void Put(Pubkey key, Account account)
        {
            // A zero-lamport account is a deletion in Agave's accounts db: it is never visible afterwards.
            if (account.Lamports == 0) Accounts.Remove(key);
            else Accounts[key] = account;
        }

        public void AddCapitalization(ulong lamports, string field)
        {
            if (ulong.MaxValue - Capitalization < lamports)
                throw Invalid(field, "capitalization exceeds u64");
            Capitalization += lamports;
        }

        public ulong RentCollected { get; private set; }

        // collect_rent_eagerly at slot 0: accounts in the first partition; only changed accounts are stored.
        public void CollectRentInFirstPartition(GenesisConfig config, bool rentFeesDisabled)
        {
            var end = FirstPartitionEndPrefix(RentPartitionCountAtSlotZero(config));
            var collector = new RentCollector(0, config.EpochSchedule, config.SlotsPerYear, config.Rent);
            foreach (var (key, account) in Accounts.ToArray())
            {
                if (BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan()) > end) continue;
                var updated = account.Clone();
                var collected = collector.Collect(key, updated, rentFeesDisabled);
                if (collected == 0 && updated.Equals(account)) continue;
                RentCollected += collected;
                SubtractCapitalization(collected);
                Put(key, updated);
            }
        }

        public void SubtractCapitalization(ulong lamports) => Capitalization -= Math.Min(lamports, Capitalization);

        public bool ReadFeature(in Pubkey key, out Pubkey owner, out ReadOnlySpan<byte> data)
        {
            if (Accounts.TryGetValue(key, out var account))
            {
                owner = account.Owner;
                data = account.Data;
                return true;
            }
            owner = default;
            data = default;
            return false;
        }

        // store_account_and_update_capitalization: the delta against the visible old balance.
        private void StoreAdjusting(Pubkey key, Account account)
        {
            var old = Accounts.TryGetValue(key, out var o) ? o.Lamports : 0;
            if (account.Lamports >= old) AddCapitalization(account.Lamports - old, "capitalization");
            else SubtractCapitalization(old - account.Lamports);
            Put(key, account);
        }

        // burn_and_purge_account: whatever squats a program id is burned before the program account is created.
        private void Burn(Pubkey key, Account account)
        {
            SubtractCapitalization(account.Lamports);
            Accounts.Remove(key);
        }

        public void AddBuiltin(string name, Pubkey id)
        {
            if (Accounts.TryGetValue(id, out var existing))
            {
                if (existing.Owner == ProgramIds.NativeLoader) return;
                Burn(id, existing);
            }
            StoreAdjusting(id, new Account(UnadjustedInitialBalance, Encoding.UTF8.GetBytes(name), ProgramIds.NativeLoader, true, InitialRentEpoch));
        }

        public void AddPrecompile(Pubkey id)
        {
            if (Accounts.TryGetValue(id, out var existing))
            {
                if (existing.Executable) return;
                Burn(id, existing);
            }
            StoreAdjusting(id, new Account(UnadjustedInitialBalance, [], ProgramIds.NativeLoader, true, InitialRentEpoch));
        }

        // update_sysvar_account: keep an existing account's lamports and rent epoch, top up to rent exemption.
        public void UpdateSysvar(Pubkey id, byte[] data)
        {
            var (lamports, rentEpoch) = Accounts.TryGetValue(id, out var old)
                ? (old.Lamports, old.RentEpoch)
                : (UnadjustedInitialBalance, InitialRentEpoch);
            lamports = Math.Max(lamports, rent.MinimumBalance((ulong)data.Length));
            StoreAdjusting(id, new Account(lamports, data, SysvarIds.Owner, false, rentEpoch));
        }
    }
}
