using Stratus.AccountsDb.Genesis;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Genesis;

/// <summary>The real cluster genesis files against their published hashes and the mainnet ledger.</summary>
public sealed class GenesisConfigTests
{
    // base58(sha256(genesis.bin)) is the cluster's genesis hash (Agave's ClusterType::get_genesis_hash, explorers).
    [SharedTheory(GenesisFiles.Mainnet, GenesisFiles.Devnet, GenesisFiles.Testnet)]
    [InlineData(GenesisFiles.Mainnet, "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d", ClusterType.MainnetBeta)]
    [InlineData(GenesisFiles.Devnet, "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG", ClusterType.Devnet)]
    [InlineData(GenesisFiles.Testnet, "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY", ClusterType.Testnet)]
    public void Cluster_genesis_hashes_match_the_published_ones(string file, string hash, ClusterType cluster)
    {
        var config = GenesisConfig.Load(SharedData.DataPath(file));
        Assert.Equal(hash, config.FileHash.ToString());
        Assert.Equal(hash, config.Hash.ToString()); // Agave's definition: sha256 of the re-serialized config
        Assert.True(config.IsCanonical);
        Assert.Equal(cluster, config.ClusterType);
    }

    [SharedTheory(GenesisFiles.Mainnet, GenesisFiles.Devnet, GenesisFiles.Testnet, GenesisFiles.Sig2024, GenesisFiles.Sig2025)]
    [InlineData(GenesisFiles.Mainnet)]
    [InlineData(GenesisFiles.Devnet)]
    [InlineData(GenesisFiles.Testnet)]
    [InlineData(GenesisFiles.Sig2024)]
    [InlineData(GenesisFiles.Sig2025)]
    public void Files_parse_completely_and_reserialize_byte_for_byte(string file)
    {
        var bytes = File.ReadAllBytes(SharedData.DataPath(file));
        var error = GenesisConfig.TryParse(bytes, out var config);
        Assert.False(error.IsError, error.ToString());
        Assert.Equal(0, config!.TrailingBytes);
        Assert.Equal(bytes, config.Serialize());
    }

    [SharedFact(GenesisFiles.Mainnet)]
    public void Mainnet_parameters()
    {
        var g = GenesisConfig.Load(SharedData.DataPath(GenesisFiles.Mainnet));
        Assert.Equal(1584368940, g.CreationTime); // 2020-03-16 14:29:00 UTC, mainnet-beta launch
        Assert.Equal(DateTimeOffset.Parse("2020-03-16T14:29:00Z"), DateTimeOffset.FromUnixTimeSeconds(g.CreationTime));
        Assert.Equal(64UL, g.TicksPerSlot);
        Assert.Equal(12500UL, g.HashesPerTick);
        Assert.Null(g.PohConfig.TargetTickCount);
        Assert.Equal(new Duration(0, 6_250_000), g.PohConfig.TargetTickDuration); // 160 ticks/s
        Assert.Equal((UInt128)400_000_000, g.NsPerSlot); // 400 ms slots
        Assert.Equal(new EpochSchedule(432000, 432000, false, 0, 0), g.EpochSchedule);
        Assert.Equal(ClusterType.MainnetBeta, g.ClusterType);
        Assert.Equal(431, g.Accounts.Count);
        Assert.Empty(g.RewardsPools);
        Assert.Equal(
            ["solana_config_program", "solana_stake_program", "solana_system_program", "solana_vote_program"],
            g.NativeInstructionProcessors.Select(p => p.Name));
        Assert.Equal(ProgramIds.Stake, g.NativeInstructionProcessors[1].ProgramId);
        Assert.Equal(ProgramIds.System, g.NativeInstructionProcessors[2].ProgramId);
        // 500,000,000 SOL at launch.
        Assert.Equal((UInt128)500_000_000UL * 1_000_000_000UL, g.AccountsCapitalization);
        Assert.Equal(new FeeRateGovernor(0, 10000, 20000, 5000, 100000, 100), g.FeeRateGovernor);
        Assert.Equal(new Rent(3480, 2.0, 100), g.Rent);
        // Mainnet launched without inflation; it was enabled later by feature gates.
        Assert.Equal(new Inflation(0, 0, 0, 0, 0, 0), g.Inflation);
        Assert.Equal(1024UL, g.Unused);
        Assert.Equal(0UL, g.BackwardsCompatWithV0_23);
        Assert.Equal(78892314.984, g.SlotsPerYear, 3);
    }

    [SharedFact(GenesisFiles.Testnet, GenesisFiles.Devnet)]
    public void Testnet_and_devnet_parameters()
    {
        var testnet = GenesisConfig.Load(SharedData.DataPath(GenesisFiles.Testnet));
        Assert.Equal(ClusterType.Testnet, testnet.ClusterType);
        Assert.Equal(64UL, testnet.TicksPerSlot);
        Assert.Equal(12500UL, testnet.HashesPerTick);
        // Warmup epochs: 32·2^e slots until the 432,000-slot epochs start at epoch 14, slot 32·(2^14 − 1).
        Assert.Equal(new EpochSchedule(432000, 432000, true, 14, 32 * ((1UL << 14) - 1)), testnet.EpochSchedule);
        Assert.Equal(770, testnet.Accounts.Count);
        Assert.Equal(32, testnet.RewardsPools.Count);

        var devnet = GenesisConfig.Load(SharedData.DataPath(GenesisFiles.Devnet));
        Assert.Equal(ClusterType.Devnet, devnet.ClusterType);
        Assert.Equal(new EpochSchedule(432000, 432000, false, 0, 0), devnet.EpochSchedule);
        Assert.Equal(new Inflation(0.15, 0.015, 0.15, 0.05, 7.0, 0), devnet.Inflation);
        Assert.Contains(devnet.NativeInstructionProcessors, p => p.Name == "solana_bpf_loader_program" && p.ProgramId == ProgramIds.BpfLoaderDeprecated);
    }

    /// <summary>
    /// Slot 0 of mainnet has 64 ticks of 12,500 hashes and no transactions, so its blockhash is the genesis hash
    /// hashed 800,000 times. The expected value comes from the real mainnet shreds (see the shared README).
    /// </summary>
    [SharedFact(GenesisFiles.Mainnet)]
    public void Mainnet_poh_parameters_reproduce_the_slot_0_blockhash()
    {
        var g = GenesisConfig.Load(SharedData.DataPath(GenesisFiles.Mainnet));
        var state = g.Hash.ToArray();
        Stratus.Crypto.Sha256.HashChain(state, g.TicksPerSlot * g.HashesPerTick!.Value);
        Assert.Equal("4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn", new Hash(state).ToString());
    }

    [SharedFact(GenesisFiles.Mainnet)]
    public void Slot_0_accounts_add_native_processors_as_native_loader_accounts()
    {
        var g = GenesisConfig.Load(SharedData.DataPath(GenesisFiles.Mainnet));
        var accounts = g.GetGenesisAccounts();
        Assert.Equal(g.Accounts.Count + 4, accounts.Count);
        var vote = accounts.Single(a => a.Key == ProgramIds.Vote).Value;
        Assert.Equal(new Account(1, "solana_vote_program"u8.ToArray(), ProgramIds.NativeLoader, true, 0), vote);
        Assert.Equal(accounts.Count, accounts.Select(a => a.Key).Distinct().Count());
        // Genesis accounts come first, in key order, unchanged.
        Assert.Equal(g.Accounts.Select(a => a.Key).Order(), accounts.Take(g.Accounts.Count).Select(a => a.Key));
    }

    [Fact]
    public void Warmup_epochs_of_the_testnet_schedule()
    {
        // The Runtime's EpochSchedule, fed the testnet genesis values: warmup epochs double from 32 slots.
        var s = new EpochSchedule(432000, 432000, true, 14, 524256);
        Assert.Equal((0UL, 0UL), s.GetEpochAndSlotIndex(0));
        Assert.Equal((0UL, 31UL), s.GetEpochAndSlotIndex(31));
        Assert.Equal((1UL, 0UL), s.GetEpochAndSlotIndex(32));
        Assert.Equal((2UL, 4UL), s.GetEpochAndSlotIndex(100));
        Assert.Equal((13UL, 262143UL), s.GetEpochAndSlotIndex(524255));
        Assert.Equal((14UL, 0UL), s.GetEpochAndSlotIndex(524256));
        Assert.Equal((15UL, 1UL), s.GetEpochAndSlotIndex(524256 + 432001));
        ulong first = 0;
        for (ulong e = 0; e < 16; e++)
        {
            Assert.Equal((e, 0UL), s.GetEpochAndSlotIndex(first));
            first += s.GetSlotsInEpoch(e);
        }
    }
}
