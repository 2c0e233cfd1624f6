using System.Text.Json;
using Stratus.Core.Features;
using Stratus.TestCommon;

namespace Stratus.Core.Tests.Features;

public class FeatureTableTests
{
    [Fact]
    public void Table_has_every_gate_once_in_enum_order()
    {
        Assert.Equal(232, FeatureTable.Count);
        Assert.Equal(FeatureTable.Count, Enum.GetValues<FeatureId>().Length);
        for (var i = 0; i < FeatureTable.Count; i++) Assert.Equal((FeatureId)i, FeatureTable.All[i].Id);
        Assert.Equal(FeatureTable.Count, FeatureTable.All.Select(f => f.Name).Distinct().Count());
        Assert.Equal(FeatureTable.Count, FeatureTable.All.Select(f => f.X1Key).Distinct().Count());
        var solana = FeatureTable.All.Where(f => f.SolanaKey != null).Select(f => f.SolanaKey!.Value).ToList();
        Assert.Equal(solana.Count, solana.Distinct().Count());
    }

    // X1.md §4: 66 gates re-keyed plus 1 added (enable_dynamic_fees_fixes_v1, which Solana lacks).
    [Fact]
    public void X1_rekeyed_66_gates_and_added_one()
    {
        Assert.Equal(67, FeatureTable.All.Count(f => f.IsRekeyedOnX1));
        var x1Only = Assert.Single(FeatureTable.All, f => f.SolanaKey == null);
        Assert.Equal(FeatureId.EnableDynamicFeesFixesV1, x1Only.Id);
        Assert.Equal(Pubkey.Parse("BnVoGCqzC176Z2A4zWz3pNGAFT7DAABGoN9WsJe3N11D"), x1Only.X1Key);
        // No re-keyed X1 id collides with another gate's Solana id.
        var solanaKeys = FeatureTable.All.Where(f => f.SolanaKey != null).ToDictionary(f => f.SolanaKey!.Value, f => f.Id);
        foreach (var f in FeatureTable.All)
            if (solanaKeys.TryGetValue(f.X1Key, out var other)) Assert.Equal(f.Id, other);
    }

    // The X1 ids PROTOCOL.md §0 calls out, and the Solana ids Agave 2.2.17 declares for them.
    [Theory]
    [InlineData("accounts_lt_hash", "4bpWWYTgJ2au6cxEZX9i4sCWV63ntMKttQpLohDHTEGN", "LTHasHQX6661DaDD4S6A2TFi6QBuiwXKv66fB1obfHq")]
    [InlineData("remove_accounts_delta_hash", "KYYUhEVUkBhw6d3pZmh3FEP7tuDhkT2aL9wqHg2bnxa", "LTdLt9Ycbyoipz5fLysCi1NnDnASsZfmJLJXts5ZxZz")]
    [InlineData("snapshots_lt_hash", "DGuntUN9xUXxCVYjmqZjLV11RvGtdwgD1sAZ6QveCsff", "LTsNAP8h1voEVVToMNBNqoiNQex4aqfUrbFhRH3mSQ2")]
    [InlineData("partitioned_epoch_rewards_superfeature", "6RV2Lg6pWaRoXXfmJuA13VYYs62Vh6aEm85TrAJha36i", "PERzQrt5gBD1XEe2c9XdFWqwgHY3mr7cYWbm5V772V8")]
    [InlineData("disable_rent_fees_collection", "7AGXomaRfTPdvQf2u8UcuYA2FvtjkHuA89JmwUEaDmkR", "CJzY83ggJHqPGDq8VisV3U91jDJLuEaALZooBrXtnnLU")]
    [InlineData("disable_partitioned_rent_collection", "8sfsbvSaKerJgQWrA7631wH39XndqLfmGNXVw8wvefmk", "2B2SBNbUcr438LtGXNcJNBP2GBSxjx81F945SdSkUSfC")]
    [InlineData("skip_rent_rewrites", "CGB2jM8pwZkeeiXQ66kBMyBR6Np61mggL7XUsmLjVcrw", "CGB2jM8pwZkeeiXQ66kBMyBR6Np61mggL7XUsmLjVcrw")]
    [InlineData("raise_block_limits_to_50m", "vvVa3d4zrkcncsUdSNmSnHuDAq3GGkLLi6FwLS8fF4g", "5oMCU3JPaFLr8Zr4ct7yFA7jdk6Mw1RmB8K4u9ZbS42z")]
    [InlineData("raise_block_limits_to_60m", "CvX8LpFnAZcPEFrfR7jsMWMNhf8wYgD9keLhL6xnYL7q", "6oMCUgfY6BzZ6jwB681J6ju5Bh6CjVXbd7NeWYqiXBSu")]
    [InlineData("reward_full_priority_fee", "2XpLmpsc1hzebVpeLXRdeFV3dwSgDju19kPns7JMzU61", "3opE3EzAKnUftUDURkzMgwpNgimBAypW1mNDYH4x4Zg7")]
    [InlineData("enable_sbpf_v2_deployment_and_execution", "F6UVKh1ujTEFK3en2SyAL3cdVnqko1FVEXWhmdLRu6WP", "F6UVKh1ujTEFK3en2SyAL3cdVnqko1FVEXWhmdLRu6WP")]
    [InlineData("deplete_cu_meter_on_vm_failure", "AzyiPiimVY1t36eTKGW25nV6e6mHiJLraaab8myHc967", "B7H2caeia4ZFcpE3QcgMqbiWiBtWrdBRBSJ1DY6Ktxbq")]
    [InlineData("reserve_minimal_cus_for_builtin_instructions", "6mdWCzYcD9yrUoTXhBZo5Pq8Ngx3Yv7QR4vuzpakC4ny", "C9oAhLxDBm3ssWtJx1yBGzPY55r2rArHmN1pbQn6HogH")]
    [InlineData("mask_out_rent_epoch_in_vm_serialization", "PQ2UuqjikpyASB7hUQ14BJLmLpbiTpe7tMF5QgbihLp", "RENtePQcDLrAbxAsP3k8dwVcnNYQ466hi2uKvALjnXx")]
    [InlineData("apply_cost_tracker_during_replay", "ASCW2GdNG2NL6yY6FxzA8qwMXck4F6sH27pbuWDVaF5R", "2ry7ygxiYURULZCrypHhveanvP5tzZ4toRwVp89oCNSj")]
    [InlineData("migrate_stake_program_to_core_bpf", "8v4oWsx9gG9rXREnejzNYyjpYF5oTP1igE7pqLDt9bKe", "6M4oQ6eXneVhtLoiAr4yRYQY43eVLjrKbiDZDJc892yk")]
    [InlineData("enable_dynamic_fees_fixes_v1", "BnVoGCqzC176Z2A4zWz3pNGAFT7DAABGoN9WsJe3N11D", null)]
    public void Protocol_fact_sheet_ids(string name, string x1, string? solana)
    {
        Assert.True(FeatureTable.TryGetByName(name, out var id));
        var info = FeatureTable.Get(id);
        Assert.Equal(name, id.GetName());
        Assert.Equal(Pubkey.Parse(x1), info.X1Key);
        Assert.Equal(solana == null ? null : Pubkey.Parse(solana), info.SolanaKey);
        Assert.Equal(info.X1Key, ClusterProfile.X1.GetFeatureKey(id));
    }

    [Fact]
    public void Nested_module_gates_keep_their_full_path()
    {
        Assert.Equal("full_inflation::devnet_and_testnet", FeatureId.FullInflationDevnetAndTestnet.GetName());
        Assert.Equal("full_inflation::mainnet::certusone::vote", FeatureId.FullInflationMainnetCertusoneVote.GetName());
        Assert.Equal("full_inflation::mainnet::certusone::enable", FeatureId.FullInflationMainnetCertusoneEnable.GetName());
        // Only the devnet/testnet gate was re-keyed on X1.
        Assert.Equal(Pubkey.Parse("3qTfebr3GDnsBwiifmVsU6uPqfinCzwYqgCtN3FFjgJd"), FeatureTable.Get(FeatureId.FullInflationDevnetAndTestnet).X1Key);
        Assert.Equal(Pubkey.Parse("DT4n6ABDqs6w4bnfwrXT9rsprcPf6cdDga1egctaPkLC"), FeatureTable.Get(FeatureId.FullInflationDevnetAndTestnet).SolanaKey);
        Assert.False(FeatureTable.Get(FeatureId.FullInflationMainnetCertusoneVote).IsRekeyedOnX1);
        Assert.False(FeatureTable.TryGetByName("devnet_and_testnet", out _));
    }

    // The checked-in table must be exactly what the generator makes of the docs' TSV.
    [SharedDocsFact("X1-FEATURES.tsv")]
    public void Generated_table_matches_the_docs_tsv_row_for_row()
    {
        var lines = File.ReadAllLines(SharedData.DocsPath("X1-FEATURES.tsv")).Skip(1).Where(l => l.Length > 0).ToArray();
        Assert.Equal(FeatureTable.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var cols = lines[i].Split('\t');
            var info = FeatureTable.All[i];
            Assert.Equal(cols[0], info.Name);
            Assert.Equal(Pubkey.Parse(cols[1]), info.X1Key);
            Assert.Equal(cols[2].Length == 0 ? null : Pubkey.Parse(cols[2]), info.SolanaKey);
            Assert.Equal(cols[3] == "yes", info.IsRekeyedOnX1);
        }
    }

    // x1-explorer's copy of Solana's feature-gate list (keys with SIMD and activation epochs). Each key is the
    // Solana id of one of our gates, except five ids Agave used for a gate before re-keying it; Firedancer's
    // feature_map.json lists four of those as "old" and the fifth is an earlier secp256r1 id.
    [SharedFact("misc/feature-gates/featureGates.json")]
    public void Explorer_feature_gate_list_uses_our_solana_ids()
    {
        var earlierIds = new Dictionary<string, FeatureId>
        {
            ["LtHaSHHsUge7EWTPVrmpuexKz6uVHZXZL6cgJa7W7Zn"] = FeatureId.AccountsLtHash,
            ["GJVDwRkUPNdk9QaK4VsU4g1N41QNxhy1hevjf8kz45Mq"] = FeatureId.BpfAccountDataDirectMapping,
            ["FfgtauHUWKeXTzjXkua9Px4tNGBFHKZ9WaigM5VbbzFx"] = FeatureId.RemoveAccountsExecutableFlagChecks,
            ["3A9WtMU4aHuryD3VN7SFKdfXto8HStLb1Jj6HjkgfnGL"] = FeatureId.DropUnchainedMerkleShreds,
            ["sr11RdZWgbHTHxSroPALe6zgaT5A1K9LcE4nfsZS4gi"] = FeatureId.EnableSecp256r1Precompile,
        };
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Require("misc/feature-gates/featureGates.json")));
        var matched = 0;
        foreach (var gate in doc.RootElement.EnumerateArray())
        {
            var key = Pubkey.Parse(gate.GetProperty("key").GetString()!);
            if (ClusterProfile.Solana.TryGetFeature(key, out var id))
            {
                matched++;
                // The activation epoch columns say these are live Solana gates; their X1 ids differ unless X1 had them at its fork.
                if (gate.GetProperty("mainnetActivationEpoch").ValueKind == JsonValueKind.Number)
                    Assert.True(ClusterProfile.X1.HasFeature(id));
                continue;
            }
            Assert.True(earlierIds.TryGetValue(key.ToString(), out var earlier), $"unknown Solana feature id {key} ({gate.GetProperty("title").GetString()})");
            Assert.NotEqual(key, FeatureTable.Get(earlier).SolanaKey);
        }
        Assert.Equal(24, matched);
    }

    [Fact]
    public void Titles_of_well_known_gates_match_the_explorer_list_semantics()
    {
        // Spot checks that ids and names were not shifted by a row: ids only a single gate could have.
        Assert.Equal(FeatureId.RewardFullPriorityFee, Solana("3opE3EzAKnUftUDURkzMgwpNgimBAypW1mNDYH4x4Zg7"));
        Assert.Equal(FeatureId.MoveStakeAndMoveLamportsIxs, Solana("7bTK6Jis8Xpfrs8ZoUfiMDPazTcdPcTWheZFJTA5Z6X4"));
        Assert.Equal(FeatureId.RemoveRoundingInFeeCalculation, Solana("BtVN7YjDzNE6Dk7kTT7YTDgMNUZTNgiSJgsdzAeTg2jF"));
        Assert.Equal(FeatureId.EnableTransactionLoadingFailureFees, Solana("PaymEPK2oqwT9TXAVfadjztH2H6KfLEB9Hhd5Q5frvP"));

        static FeatureId Solana(string key) =>
            ClusterProfile.Solana.TryGetFeature(Pubkey.Parse(key), out var id) ? id : throw new KeyNotFoundException(key);
    }
}
