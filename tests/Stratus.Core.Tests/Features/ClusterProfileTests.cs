using Stratus.Core.Features;

namespace Stratus.Core.Tests.Features;

public class ClusterProfileTests
{
    [Fact]
    public void Solana_and_x1_differ_in_fee_rules_and_vote_exemption()
    {
        Assert.Equal(FeeRules.Solana, ClusterProfile.Solana.FeeRules);
        Assert.Equal(FeeRules.X1Dynamic, ClusterProfile.X1.FeeRules);
        Assert.False(ClusterProfile.Solana.VoteProgramFeeExempt);
        Assert.True(ClusterProfile.X1.VoteProgramFeeExempt);
        Assert.Null(ClusterProfile.Solana.DynamicFeesGate);
        Assert.Equal(FeatureId.EnableDynamicFeesFixesV1, ClusterProfile.X1.DynamicFeesGate);
        Assert.Equal(5_000UL, ClusterProfile.Solana.LamportsPerSignature);
        Assert.Equal(5_000UL, ClusterProfile.X1.LamportsPerSignature);
    }

    [Fact]
    public void Every_gate_resolves_both_ways_on_each_cluster()
    {
        foreach (var cluster in new[] { ClusterProfile.Solana, ClusterProfile.X1 })
        {
            foreach (var id in cluster.Features)
            {
                var key = cluster.GetFeatureKey(id);
                Assert.True(cluster.TryGetFeature(key, out var back));
                Assert.Equal(id, back);
            }
        }
        Assert.Equal(231, ClusterProfile.Solana.Features.Count);
        Assert.Equal(232, ClusterProfile.X1.Features.Count);
        Assert.False(ClusterProfile.Solana.HasFeature(FeatureId.EnableDynamicFeesFixesV1));
        Assert.False(ClusterProfile.Solana.TryGetFeatureKey(FeatureId.EnableDynamicFeesFixesV1, out _));
        Assert.Throws<ArgumentException>(() => ClusterProfile.Solana.GetFeatureKey(FeatureId.EnableDynamicFeesFixesV1));
        Assert.False(ClusterProfile.X1.HasFeature((FeatureId)FeatureTable.Count));
    }

    [Fact]
    public void A_rekeyed_gate_is_unknown_under_the_other_clusters_id()
    {
        var info = FeatureTable.Get(FeatureId.AccountsLtHash);
        Assert.False(ClusterProfile.X1.TryGetFeature(info.SolanaKey!.Value, out _));
        Assert.False(ClusterProfile.Solana.TryGetFeature(info.X1Key, out _));
        Assert.True(ClusterProfile.X1.TryGetFeature(info.X1Key, out var id));
        Assert.Equal(FeatureId.AccountsLtHash, id);
    }

    [Fact]
    public void X1_records_the_gates_only_its_2_0_release_had()
    {
        Assert.Empty(ClusterProfile.Solana.RetiredFeatureGates);
        Assert.Equal(["disable_reward_full_priority_fee", "replace_token_program_2022"], ClusterProfile.X1.RetiredFeatureGates.Select(g => g.Name));
        Assert.All(ClusterProfile.X1.RetiredFeatureGates, g => Assert.False(ClusterProfile.X1.TryGetFeature(g.Key, out _)));
    }
}
