using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Runtime.ComputeBudget;

namespace Stratus.Runtime.Tests;

public class BuiltinCostsTests
{
    // PROTOCOL.md §3.3 (agave builtins-default-costs 2.2).
    [Theory]
    [InlineData("11111111111111111111111111111111", 150UL)]
    [InlineData("Vote111111111111111111111111111111111111111", 2_100UL)]
    [InlineData("ComputeBudget111111111111111111111111111111", 150UL)]
    [InlineData("BPFLoader2111111111111111111111111111111111", 570UL)]
    [InlineData("BPFLoader1111111111111111111111111111111111", 1_140UL)]
    [InlineData("BPFLoaderUpgradeab1e11111111111111111111111", 2_370UL)]
    [InlineData("LoaderV411111111111111111111111111111111111", 2_000UL)]
    [InlineData("Ed25519SigVerify111111111111111111111111111", 0UL)]
    [InlineData("KeccakSecp256k11111111111111111111111111111", 0UL)]
    [InlineData("Stake11111111111111111111111111111111111111", 750UL)]
    [InlineData("Config1111111111111111111111111111111111111", 450UL)]
    [InlineData("AddressLookupTab1e1111111111111111111111111", 750UL)]
    public void Builtin_costs(string program, ulong cost)
    {
        Assert.True(BuiltinCosts.TryGetCost(Pubkey.Parse(program), FeatureSet.Empty, out var c));
        Assert.Equal(cost, c);
    }

    [Fact]
    public void Migrating_builtins_stop_being_builtins_once_migrated()
    {
        var all = FeatureSet.AllEnabled(ClusterProfile.X1);
        Assert.False(BuiltinCosts.TryGetCost(ProgramIds.Stake, all, out _));
        Assert.False(BuiltinCosts.TryGetCost(ProgramIds.Config, all, out _));
        Assert.False(BuiltinCosts.TryGetCost(ProgramIds.AddressLookupTable, all, out _));
        Assert.True(BuiltinCosts.TryGetCost(ProgramIds.System, all, out _));
        Assert.Equal(BuiltinProgramKind.MigratingBuiltin, BuiltinCosts.Classify(ProgramIds.Config, out var index));
        Assert.Equal(1, index);
        Assert.Equal(BuiltinProgramKind.Builtin, BuiltinCosts.Classify(ProgramIds.Vote, out index));
        Assert.Equal(-1, index);
        Assert.Equal(12, BuiltinCosts.Migrating.Count + BuiltinCosts.NotMigrating.Count);
    }

    [Fact]
    public void Other_programs_are_not_builtins()
    {
        // Not in the table: secp256r1, the feature gate program, ZK proof programs, native loader, SPL programs.
        foreach (var id in new[]
                 {
                     ProgramIds.Secp256r1Precompile, ProgramIds.Feature, ProgramIds.ZkElGamalProof, ProgramIds.ZkTokenProof,
                     ProgramIds.NativeLoader, ProgramIds.StakeConfig, Pubkey.Parse("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"),
                 })
        {
            Assert.False(BuiltinCosts.TryGetCost(id, FeatureSet.Empty, out _));
            Assert.Equal(BuiltinProgramKind.NotBuiltin, BuiltinCosts.Classify(id, out _));
        }
        // Same first byte as a builtin (all-zero system id), different key.
        var nearSystem = new byte[32];
        nearSystem[31] = 1;
        Assert.Equal(BuiltinProgramKind.NotBuiltin, BuiltinCosts.Classify(new Pubkey(nearSystem), out _));
        Assert.False(BuiltinCosts.IsComputeBudgetProgram(new Pubkey(nearSystem)));
        Assert.True(BuiltinCosts.IsComputeBudgetProgram(ProgramIds.ComputeBudget));
    }
}
