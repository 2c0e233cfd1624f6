using System.Buffers.Binary;
using Stratus.AccountsDb.Genesis;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Store;
using Stratus.AccountsDb.Tests.Snapshots;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Genesis;

/// <summary>
/// The slot-0 state built from genesis against real snapshots whose slot-0 account storages survive: every account
/// the snapshot still holds as written at slot 0 must equal ours byte for byte, and every other difference needs
/// evidence (a later write, or a documented difference of the Agave release that wrote the snapshot).
/// </summary>
public sealed class GenesisStateTests
{
    private sealed record SnapshotView(Dictionary<Pubkey, Account> Slot0, Dictionary<Pubkey, SnapshotAccount> Newest, SnapshotManifest Manifest);

    private static SnapshotView ReadSnapshot(string path)
    {
        using var archive = SnapshotFiles.Open(path);
        var slot0 = new Dictionary<Pubkey, Account>();
        var newest = new Dictionary<Pubkey, SnapshotAccount>();
        foreach (var a in archive.EnumerateAccounts())
        {
            if (a.Slot == 0) slot0[a.Pubkey] = a.Account;
            if (!newest.TryGetValue(a.Pubkey, out var n) || n.Slot <= a.Slot) newest[a.Pubkey] = a;
        }
        return new SnapshotView(slot0, newest, archive.Manifest);
    }

    private static GenesisConfig Load(string file) => GenesisConfig.Load(SharedData.DataPath(file));

    /// <summary>
    /// sig-2024 (slot 500, a pre-2.2 Agave with 207 gates active at genesis): 242 accounts as written at slot 0 are
    /// ours exactly. Two slot-0 accounts we do not create come from gates 2.2 re-keyed: LoaderV4 (the old
    /// enable_program_runtime_v2_and_loader_v4 id 8oBx…) and the secp256r1 precompile (old id sr11…; 2.2 reads 37yU…).
    /// Our six accounts the snapshot holds only in later versions were all rewritten after slot 0.
    /// </summary>
    [SharedFact(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2024Genesis)]
    public void Sig2024_slot0_accounts_match_byte_for_byte()
    {
        var state = GenesisState.Build(Load(SnapshotFiles.Sig2024Genesis));
        var snap = ReadSnapshot(SnapshotFiles.Sig2024Full);

        Assert.Equal(207, state.FeatureSet.ActiveCount);
        Assert.Equal(248, state.AccountCount);
        Assert.Equal(0UL, state.RentCollected);

        var matched = 0;
        foreach (var (key, theirs) in snap.Slot0)
        {
            if (!state.Accounts.TryGetValue(key, out var ours)) continue;
            Assert.True(theirs.Equals(ours), $"{key}: ours {Describe(ours)}, slot-0 record {Describe(theirs)}");
            matched++;
        }
        Assert.Equal(242, matched);

        Assert.Equal(
            new[] { ProgramIds.LoaderV4, ProgramIds.Secp256r1Precompile }.Order(),
            snap.Slot0.Keys.Where(k => !state.Accounts.ContainsKey(k)).Order());
        Assert.Equal(new Account(1, "loader_v4"u8, ProgramIds.NativeLoader, true, 0), snap.Slot0[ProgramIds.LoaderV4]);
        var oldGates = new[] { "8oBxsYqnCvUTGzgEpxPcnVf7MLbWWPYddE33PftFeBBd", "sr11RdZWgbHTHxSroPALe6zgaT5A1K9LcE4nfsZS4gi" };
        foreach (var gate in oldGates)
        {
            var account = state.Accounts[Pubkey.Parse(gate)];
            Assert.Equal(FeatureAccountState.Activated, FeatureAccount.Decode(account.Owner, account.Data, out var at));
            Assert.Equal(0UL, at);
            Assert.False(ClusterProfile.Solana.TryGetFeature(Pubkey.Parse(gate), out _));
        }
        Assert.False(state.FeatureSet.IsActive(FeatureId.EnableLoaderV4));
        Assert.False(state.FeatureSet.IsActive(FeatureId.EnableSecp256r1Precompile));

        var rewritten = state.Accounts.Keys.Where(k => !snap.Slot0.ContainsKey(k)).ToList();
        Assert.Equal(6, rewritten.Count);
        Assert.All(rewritten, k => Assert.True(snap.Newest[k].Slot > 0, $"{k} has no later write"));
        Assert.Contains(SysvarIds.Clock, rewritten);
        Assert.Contains(SysvarIds.SlotHistory, rewritten);
        Assert.Contains(SysvarIds.RecentBlockhashes, rewritten);
    }

    /// <summary>
    /// sig-2025 (slot 1) was written by a release after 2.2: it no longer runs partitioned rent collection (SIMD-0175)
    /// and no longer has the stake, config and address-lookup-table builtins. Built that way, the 11 accounts still
    /// stored as of slot 0 match; the two other slot-0 accounts are transfers made in slot 0; the slot-1 versions of
    /// clock, slot history and recent blockhashes are ours advanced by one slot; capitalization agrees exactly.
    /// </summary>
    [SharedFact(SnapshotFiles.Sig2025Full, SnapshotFiles.Sig2025Genesis)]
    public void Sig2025_slot0_accounts_match_and_slot1_sysvars_follow_from_ours()
    {
        var config = Load(SnapshotFiles.Sig2025Genesis);
        var snap = ReadSnapshot(SnapshotFiles.Sig2025Full);
        // Slot 0 held transactions, so its blockhash comes from the snapshot's queue (index 1), not from ticks alone.
        var slot0Blockhash = snap.Manifest.Bank.BlockhashQueue.Hashes.Single(h => h.HashIndex == 1);
        Assert.Equal(0UL, slot0Blockhash.LamportsPerSignature);
        var state = GenesisState.Build(config, eagerRentCollection: false, slotZeroBlockhash: slot0Blockhash.Hash);
        Assert.NotEqual(slot0Blockhash.Hash, GenesisState.TickOnlySlotZeroBlockhash(config));

        Assert.Equal(0, state.FeatureSet.ActiveCount);
        Assert.Equal(18, state.AccountCount);

        var matched = 0;
        foreach (var (key, theirs) in snap.Slot0)
        {
            if (!state.Accounts.TryGetValue(key, out var ours)) continue;
            Assert.True(theirs.Equals(ours), $"{key}: ours {Describe(ours)}, slot-0 record {Describe(theirs)}");
            matched++;
        }
        Assert.Equal(11, matched);

        // Transfers from the mint in slot 0 (1 and 2 SOL): not part of the genesis-derived state.
        var mint = Assert.Single(config.Accounts).Key;
        var transfers = snap.Slot0.Where(kv => !state.Accounts.ContainsKey(kv.Key)).ToList();
        Assert.Equal(new[] { 1_000_000_000UL, 2_000_000_000UL }, transfers.Select(t => t.Value.Lamports).Order());
        Assert.All(transfers, t => Assert.Equal(ProgramIds.System, t.Value.Owner));

        var dropped = new[] { ProgramIds.Stake, ProgramIds.Config, ProgramIds.AddressLookupTable };
        Assert.All(dropped, id => Assert.False(snap.Newest.ContainsKey(id)));
        var later = state.Accounts.Keys.Where(k => !snap.Slot0.ContainsKey(k) && !dropped.Contains(k)).Order().ToArray();
        Assert.Equal(new[] { mint, SysvarIds.Clock, SysvarIds.RecentBlockhashes, SysvarIds.SlotHistory }.Order(), later);
        Assert.All(later, k => Assert.Equal(1UL, snap.Newest[k].Slot));

        // Clock at slot 1: same epoch start (genesis creation time) and leader-schedule epoch.
        Assert.True(Clock.TryRead(snap.Newest[SysvarIds.Clock].Account.Data, out var clock1));
        Assert.True(Clock.TryRead(state.Accounts[SysvarIds.Clock].Data, out var clock0));
        Assert.Equal(new Clock(0, config.CreationTime, 0, 1, config.CreationTime), clock0);
        Assert.Equal((1UL, clock0.EpochStartTimestamp, clock0.LeaderScheduleEpoch), (clock1.Slot, clock1.EpochStartTimestamp, clock1.LeaderScheduleEpoch));

        // Slot history at slot 1 = ours plus bit 1, next_slot 2.
        var history = state.Accounts[SysvarIds.SlotHistory].Clone();
        var data = history.Data.ToArray();
        data[9] |= 2;
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(data.Length - 8), 2);
        history.SetData(data);
        Assert.Equal(snap.Newest[SysvarIds.SlotHistory].Account, history);

        // Recent blockhashes at slot 1: slot 1's own blockhash, then ours (slot 0's blockhash, the genesis hash; 0 lamports).
        var oursRbh = state.Accounts[SysvarIds.RecentBlockhashes];
        var theirsRbh = snap.Newest[SysvarIds.RecentBlockhashes].Account;
        Assert.Equal((oursRbh.Lamports, oursRbh.DataLength, oursRbh.RentEpoch), (theirsRbh.Lamports, theirsRbh.DataLength, theirsRbh.RentEpoch));
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(theirsRbh.Data));
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(oursRbh.Data));
        Assert.True(oursRbh.Data.Slice(8, 80).SequenceEqual(theirsRbh.Data.Slice(48, 80)));
        Assert.Equal(config.Hash, new Hash(oursRbh.Data.Slice(48, 32)));
        Assert.Contains(snap.Manifest.Bank.BlockhashQueue.Hashes, h => h.Hash == config.Hash && h.HashIndex == 0 && h.LamportsPerSignature == 0);

        // Slot 1 adds slot hashes, drops the three builtins; the transfers move lamports without creating any.
        var slotHashes = snap.Newest[SysvarIds.SlotHashes].Account.Lamports;
        Assert.Equal(state.Capitalization - 3 + slotHashes, snap.Manifest.Bank.Capitalization);
    }

    /// <summary>
    /// The real clusters: mainnet's genesis accounts hold exactly the published initial supply of 500,000,000 SOL; the
    /// slot-0 bank adds builtins and sysvars. Testnet's 32 rewards pools (u64::MAX lamports each) are stored but never counted.
    /// </summary>
    [SharedTheory(GenesisFiles.Mainnet, GenesisFiles.Devnet, GenesisFiles.Testnet)]
    [InlineData(GenesisFiles.Mainnet, 431, 0, 448, "500000000000000000", 500_000_001_074_310_811UL, 1)]
    [InlineData(GenesisFiles.Devnet, 423, 0, 443, "1000000000000000000", 1_000_000_001_074_310_814UL, 1)]
    [InlineData(GenesisFiles.Testnet, 770, 32, 819, "1000000000000000000", 1_000_000_001_074_310_811UL, 49)]
    public void Cluster_genesis_slot0_counts_and_capitalization(string file, int genesisAccounts, int pools, int accounts, string genesisLamports, ulong capitalization, int rentEpochUpdates)
    {
        var config = Load(file);
        Assert.Equal(genesisAccounts, config.Accounts.Count);
        Assert.Equal(pools, config.RewardsPools.Count);
        Assert.Equal(UInt128.Parse(genesisLamports), config.AccountsCapitalization);

        var state = GenesisState.Build(config);
        Assert.Equal(accounts, state.AccountCount);
        Assert.Equal(capitalization, state.Capitalization);
        Assert.Equal(0, state.FeatureSet.ActiveCount);
        Assert.Equal(0UL, state.RentCollected);
        Assert.Equal((UInt128)capitalization + (UInt128)pools * ulong.MaxValue, state.TotalLamports);

        // Without gates, 2.2 collects rent in the first partition at slot 0: exempt (and executable) accounts there get
        // rent epoch u64::MAX and nothing else changes.
        var noRent = GenesisState.Build(config, eagerRentCollection: false);
        var touched = state.Accounts.Where(kv => !noRent.Accounts[kv.Key].Equals(kv.Value)).ToList();
        Assert.Equal(rentEpochUpdates, touched.Count);
        Assert.All(touched, kv => Assert.Equal(RentCollector.RentExemptRentEpoch, kv.Value.RentEpoch));
        Assert.Equal(noRent.Capitalization, state.Capitalization);

        // The genesis config's own instruction processors keep their names; builtins then find them in place.
        foreach (var p in config.NativeInstructionProcessors)
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(p.Name), state.Accounts[p.ProgramId].Data.ToArray());
    }

    /// <summary>Mainnet's slot 0 is ticks only: its blockhash (published, and in the Old Faithful / shred data) follows from genesis.</summary>
    [SharedFact(GenesisFiles.Mainnet)]
    public void Mainnet_slot0_blockhash_follows_from_genesis_ticks()
    {
        var config = Load(GenesisFiles.Mainnet);
        Assert.Equal("4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn", GenesisState.TickOnlySlotZeroBlockhash(config)?.ToString());
        var state = GenesisState.Build(config, slotZeroBlockhash: GenesisState.TickOnlySlotZeroBlockhash(config));
        var rbh = state.Accounts[SysvarIds.RecentBlockhashes].Data;
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(rbh));
        Assert.Equal("4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn", new Hash(rbh.Slice(8, 32)).ToString());
    }

    [SharedFact(GenesisFiles.Testnet)]
    public void Writing_to_the_store_keeps_the_bank_capitalization_and_lattice_hash()
    {
        var state = GenesisState.Build(Load(GenesisFiles.Testnet));
        using var dir = new TempDirectory();
        using (var store = AccountStore.Open(dir.Path))
        {
            state.WriteTo(store);
        }
        using var reopened = AccountStore.Open(dir.Path);
        Assert.Equal(0UL, reopened.RootSlot);
        Assert.Equal(state.Capitalization, reopened.RootCapitalization);
        Assert.Equal(state.AccountCount, reopened.RootAccountCount);
        Assert.Equal(state.ComputeLtHash(), reopened.RootLtHash);
        foreach (var (key, account) in state.Accounts.Take(50)) Assert.Equal(account, reopened.Get(key));
    }

    [SharedFact(GenesisFiles.Sig2024)]
    public void Build_is_deterministic_and_the_unfrozen_bank_lacks_only_slot_history()
    {
        var config = Load(GenesisFiles.Sig2024);
        var a = GenesisState.Build(config);
        Assert.Equal(a.ComputeLtHash(), GenesisState.Build(config).ComputeLtHash());
        var unfrozen = GenesisState.Build(config, freeze: false);
        Assert.Equal([SysvarIds.SlotHistory], a.Accounts.Keys.Except(unfrozen.Accounts.Keys));
        Assert.Equal(unfrozen.Capitalization + a.Accounts[SysvarIds.SlotHistory].Lamports, a.Capitalization);
    }

    private static string Describe(Account a) => $"{a.Lamports} owner {a.Owner} exec {a.Executable} rent_epoch {a.RentEpoch} data {a.DataLength}";
}

/// <summary>Configs that parse but that Agave would refuse, or that try to squat program ids.</summary>
public sealed class GenesisStateRobustnessTests
{
    private static byte[] Small() => File.ReadAllBytes(SharedData.DataPath(GenesisFiles.Sig2025));

    /// <summary>Every single-byte mutation of a real genesis either fails to parse or builds (or is refused) with a precise error.</summary>
    [SharedFact(GenesisFiles.Sig2025)]
    public void Every_single_byte_mutation_builds_or_is_refused_precisely()
    {
        var original = Small();
        int built = 0, refused = 0;
        for (var i = 0; i < original.Length; i++)
        {
            foreach (var x in new byte[] { 0x01, 0x80, 0xFF })
            {
                var bytes = (byte[])original.Clone();
                bytes[i] ^= x;
                if (GenesisConfig.TryParse(bytes, out var config).IsError) continue;
                try
                {
                    var state = GenesisState.Build(config!);
                    Assert.True(state.AccountCount > 0);
                    built++;
                }
                catch (GenesisFormatException e)
                {
                    Assert.True(e.Error.IsError);
                    refused++;
                }
            }
        }
        Assert.True(built > 100, $"only {built} mutations built");
        Assert.True(refused > 0, "no mutation hit slots_per_epoch = 0");
    }

    [SharedFact(GenesisFiles.Sig2025)]
    public void A_rewards_pool_repeating_a_genesis_account_is_refused()
    {
        var config = GenesisConfig.Parse(Small());
        var repeated = new GenesisConfig
        {
            CreationTime = config.CreationTime, Accounts = config.Accounts, NativeInstructionProcessors = [],
            RewardsPools = [config.Accounts[0]], TicksPerSlot = config.TicksPerSlot, Unused = config.Unused,
            PohConfig = config.PohConfig, BackwardsCompatWithV0_23 = 0, FeeRateGovernor = config.FeeRateGovernor,
            Rent = config.Rent, Inflation = config.Inflation, EpochSchedule = config.EpochSchedule,
            ClusterType = config.ClusterType, FileHash = config.FileHash,
        };
        var e = Assert.Throws<GenesisFormatException>(() => GenesisState.Build(repeated));
        Assert.Equal("rewards_pools", e.Error.Field);
        Assert.Contains("repeated", e.Message);
    }

    /// <summary>A non-program account at a builtin or precompile id is burned (out of capitalization) and replaced.</summary>
    [SharedFact(GenesisFiles.Sig2025)]
    public void Squatters_at_program_ids_are_burned_and_replaced()
    {
        var config = GenesisConfig.Parse(Small());
        var squatter = new Account(7_000_000_000, [1, 2, 3], ProgramIds.System);
        var squatted = new GenesisConfig
        {
            CreationTime = config.CreationTime,
            Accounts = [.. config.Accounts, new(ProgramIds.Vote, squatter), new(ProgramIds.Ed25519Precompile, squatter)],
            NativeInstructionProcessors = [], RewardsPools = [], TicksPerSlot = config.TicksPerSlot, Unused = config.Unused,
            PohConfig = config.PohConfig, BackwardsCompatWithV0_23 = 0, FeeRateGovernor = config.FeeRateGovernor,
            Rent = config.Rent, Inflation = config.Inflation, EpochSchedule = config.EpochSchedule,
            ClusterType = config.ClusterType, FileHash = config.FileHash,
        };
        var clean = GenesisState.Build(config, eagerRentCollection: false);
        var state = GenesisState.Build(squatted, eagerRentCollection: false);
        Assert.Equal(clean.Capitalization, state.Capitalization);
        Assert.Equal(clean.Accounts[ProgramIds.Vote], state.Accounts[ProgramIds.Vote]);
        Assert.Equal(clean.Accounts[ProgramIds.Ed25519Precompile], state.Accounts[ProgramIds.Ed25519Precompile]);
    }
}
