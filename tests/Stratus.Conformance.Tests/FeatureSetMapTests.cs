using Stratus.Conformance.Features;

namespace Stratus.Conformance.Tests;

public class FeatureSetMapTests
{
    private static readonly FeatureSetMap Map = FeatureSetMap.Default;

    [Theory]
    // First 8 bytes of the decoded id, little-endian (computed independently from the base58 text).
    [InlineData("F6UVKh1ujTEFK3en2SyAL3cdVnqko1FVEXWhmdLRu6WP", 0x408e6a8a269a6ad1UL)]
    [InlineData("JE86WkYvTrzW8HgNmrHY7dFYpCmSptUpKupbo2AdQ9cG", 0xefc2cb9c2b40f3ffUL)]
    [InlineData("TestFeature11111111111111111111111111111111", 0xe5937c9dd5edd306UL)]
    [InlineData("5cC3foj77CWun58pC51ebHFUWavHWKarWyR5UUik7dnC", 0x0f1fc5fdd7907244UL)]
    public void Prefix_is_the_little_endian_head_of_the_id(string id, ulong prefix) =>
        Assert.Equal(prefix, FeatureSetMap.Prefix(id));

    [Fact]
    public void Both_x1_and_solana_ids_name_the_gate()
    {
        // enable_sbpf_v1_deployment_and_execution was re-keyed by X1 (Solana JE86…, X1 Ersg…).
        Assert.Equal(["enable_sbpf_v1_deployment_and_execution"], Map.NamesOf(FeatureSetMap.Prefix("JE86WkYvTrzW8HgNmrHY7dFYpCmSptUpKupbo2AdQ9cG")));
        Assert.Equal(["enable_sbpf_v1_deployment_and_execution"], Map.NamesOf(FeatureSetMap.Prefix("ErsgdwB83u5fke7DrDtq8BHdpxNbUrrzEbbB9ML3Xf6e")));
        // Firedancer's id for the v3 gate (a later Solana re-key) is known as an alias.
        Assert.Equal(["enable_sbpf_v3_deployment_and_execution"], Map.NamesOf(0x0f1fc5fdd7907244UL));
    }

    [Fact]
    public void The_two_sbpf_v0_test_gates_share_a_prefix()
    {
        Assert.Equal(["disable_sbpf_v0_execution", "reenable_sbpf_v0_execution"], Map.NamesOf(0xe5937c9dd5edd306UL));
        // Asking for disable alone picks an id that names it alone (Firedancer's XTestFeature1…).
        var prefixes = Map.PrefixesOf(["disable_sbpf_v0_execution"]);
        var active = Map.Resolve(prefixes);
        Assert.True(active.IsActive("disable_sbpf_v0_execution"));
        Assert.False(active.IsActive("reenable_sbpf_v0_execution"));
    }

    [Fact]
    public void Unknown_prefixes_are_reported()
    {
        var active = Map.Resolve([0x1234UL, FeatureSetMap.Prefix("F6UVKh1ujTEFK3en2SyAL3cdVnqko1FVEXWhmdLRu6WP")]);
        Assert.Equal([0x1234UL], active.UnknownPrefixes);
        Assert.True(active.IsActive("enable_sbpf_v2_deployment_and_execution"));
    }

    [Fact]
    public void Every_table_gate_round_trips()
    {
        Assert.True(Map.KnownNames.Count >= 230);
        foreach (var name in Map.KnownNames)
        {
            var active = Map.Resolve(Map.PrefixesOf([name]));
            Assert.Contains(name, active.Names);
        }
    }
}
