using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.TestCommon;

namespace Stratus.Core.Tests.Features;

public class FeatureSetTests
{
    private static readonly Pubkey SystemOwner = ProgramIds.System;

    [Fact]
    public void Empty_and_all_enabled_sets()
    {
        Assert.Equal(0, FeatureSet.Empty.ActiveCount);
        Assert.False(FeatureSet.Empty.IsActive(FeatureId.AccountsLtHash));

        var solana = FeatureSet.AllEnabled(ClusterProfile.Solana);
        var x1 = FeatureSet.AllEnabled(ClusterProfile.X1);
        Assert.Equal(231, solana.ActiveCount);
        Assert.Equal(232, x1.ActiveCount);
        Assert.False(solana.IsActive(FeatureId.EnableDynamicFeesFixesV1));
        Assert.True(x1.IsActive(FeatureId.EnableDynamicFeesFixesV1));
        Assert.Equal(0UL, x1.GetActivationSlot(FeatureId.AccountsLtHash));
        Assert.All(x1.Active, a => Assert.Equal(0UL, a.Slot));
    }

    [Fact]
    public void Lookups_outside_the_table_are_inactive_not_errors()
    {
        var all = FeatureSet.AllEnabled(ClusterProfile.X1);
        Assert.False(all.IsActive((FeatureId)FeatureTable.Count));
        Assert.False(all.IsActive((FeatureId)ushort.MaxValue));
        Assert.False(all.TryGetActivationSlot((FeatureId)999, out _));
        Assert.False(all.IsActive("no_such_feature"));
        Assert.True(all.IsActive("accounts_lt_hash"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureSet.Builder().Activate((FeatureId)FeatureTable.Count, 1));
    }

    [Fact]
    public void With_and_without_leave_the_original_unchanged()
    {
        var set = FeatureSet.Empty.With(FeatureId.ReserveMinimalCusForBuiltinInstructions, 42);
        Assert.True(set.IsActive(FeatureId.ReserveMinimalCusForBuiltinInstructions));
        Assert.Equal(42UL, set.GetActivationSlot(FeatureId.ReserveMinimalCusForBuiltinInstructions));
        Assert.Equal(0, FeatureSet.Empty.ActiveCount);
        var removed = set.Without(FeatureId.ReserveMinimalCusForBuiltinInstructions);
        Assert.False(removed.IsActive(FeatureId.ReserveMinimalCusForBuiltinInstructions));
        Assert.Null(removed.GetActivationSlot(FeatureId.ReserveMinimalCusForBuiltinInstructions));
        Assert.True(set.IsActive(FeatureId.ReserveMinimalCusForBuiltinInstructions));
        // Gates in the last bitmap word.
        var last = (FeatureId)(FeatureTable.Count - 1);
        Assert.True(FeatureSet.Empty.With(last, 7).IsActive(last));
        Assert.Equal(1, FeatureSet.Empty.With(last, 7).ActiveCount);
    }

    [Theory]
    [InlineData(new byte[] { 0 }, FeatureAccountState.Pending, 0UL)]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, FeatureAccountState.Pending, 0UL)]
    [InlineData(new byte[] { 1, 0x39, 0x30, 0, 0, 0, 0, 0, 0 }, FeatureAccountState.Activated, 12345UL)]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF }, FeatureAccountState.Activated, 1UL)] // trailing bytes ignored (bincode 1)
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, FeatureAccountState.Activated, ulong.MaxValue)]
    [InlineData(new byte[] { }, FeatureAccountState.Invalid, 0UL)]
    [InlineData(new byte[] { 1 }, FeatureAccountState.Invalid, 0UL)]
    [InlineData(new byte[] { 1, 1, 2, 3, 4, 5, 6, 7 }, FeatureAccountState.Invalid, 0UL)]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0 }, FeatureAccountState.Invalid, 0UL)]
    public void Feature_account_data_decodes_as_bincode_option_u64(byte[] data, FeatureAccountState state, ulong slot)
    {
        Assert.Equal(state, FeatureAccount.Decode(ProgramIds.Feature, data, out var activatedAt));
        Assert.Equal(slot, activatedAt);
    }

    [Fact]
    public void Feature_account_must_be_owned_by_the_feature_program()
    {
        Assert.Equal(FeatureAccountState.Invalid, FeatureAccount.Decode(SystemOwner, FeatureAccount.Encode(5), out _));
        Assert.Equal(FeatureAccountState.Activated, FeatureAccount.Decode(ProgramIds.Feature, FeatureAccount.Encode(5), out var slot));
        Assert.Equal(5UL, slot);
        Assert.Equal(FeatureAccountState.Pending, FeatureAccount.Decode(ProgramIds.Feature, FeatureAccount.Encode(null), out _));
        Assert.Equal(FeatureAccount.Size, FeatureAccount.Encode(null).Length);
    }

    // Agave compute_active_feature_set: activated gates take effect at their own slot once the bank reaches it;
    // pending ones only on the epoch-boundary pass, at the bank's slot.
    [Fact]
    public void Applying_accounts_follows_compute_active_feature_set()
    {
        var builder = new FeatureSet.Builder();
        Assert.Equal(FeatureAccountState.Invalid, builder.ApplyAccount(FeatureId.AccountsLtHash, ProgramIds.Feature, FeatureAccount.Encode(101), 100, includePending: true));
        Assert.False(builder.IsActive(FeatureId.AccountsLtHash));
        Assert.Equal(FeatureAccountState.Activated, builder.ApplyAccount(FeatureId.AccountsLtHash, ProgramIds.Feature, FeatureAccount.Encode(100), 100, includePending: false));
        Assert.Equal(FeatureAccountState.Invalid, builder.ApplyAccount(FeatureId.SnapshotsLtHash, ProgramIds.Feature, FeatureAccount.Encode(null), 100, includePending: false));
        Assert.Equal(FeatureAccountState.Pending, builder.ApplyAccount(FeatureId.SnapshotsLtHash, ProgramIds.Feature, FeatureAccount.Encode(null), 100, includePending: true));
        Assert.Equal(FeatureAccountState.Invalid, builder.ApplyAccount(FeatureId.RemoveAccountsDeltaHash, SystemOwner, FeatureAccount.Encode(1), 100, includePending: true));
        // Active gates are carried over untouched, whatever their account now says.
        Assert.Equal(FeatureAccountState.Activated, builder.ApplyAccount(FeatureId.AccountsLtHash, SystemOwner, [], 500, includePending: true));
        var set = builder.Build();
        Assert.Equal(100UL, set.GetActivationSlot(FeatureId.AccountsLtHash));
        Assert.Equal(100UL, set.GetActivationSlot(FeatureId.SnapshotsLtHash));
        Assert.False(set.IsActive(FeatureId.RemoveAccountsDeltaHash));
    }

    // Each cluster reads a gate's account under its own id: on X1 the Solana id of a re-keyed gate means nothing.
    [Fact]
    public void Accounts_are_read_under_the_cluster_ids()
    {
        var accounts = new Dictionary<Pubkey, byte[]>
        {
            [FeatureTable.Get(FeatureId.AccountsLtHash).SolanaKey!.Value] = FeatureAccount.Encode(10),
            [FeatureTable.Get(FeatureId.RemoveAccountsDeltaHash).X1Key] = FeatureAccount.Encode(20),
            [FeatureTable.Get(FeatureId.SkipRentRewrites).X1Key] = FeatureAccount.Encode(30), // same id on both clusters
            [FeatureTable.Get(FeatureId.EnableDynamicFeesFixesV1).X1Key] = FeatureAccount.Encode(null),
        };
        FeatureAccountReader read = (in Pubkey key, out Pubkey owner, out ReadOnlySpan<byte> data) =>
        {
            owner = ProgramIds.Feature;
            data = accounts.TryGetValue(key, out var bytes) ? bytes : default;
            return bytes != null;
        };

        var pending = new List<FeatureId>();
        var x1 = new FeatureSet.Builder().ApplyAccounts(ClusterProfile.X1, read, 1000, includePending: true, pending).Build();
        Assert.False(x1.IsActive(FeatureId.AccountsLtHash));
        Assert.Equal(20UL, x1.GetActivationSlot(FeatureId.RemoveAccountsDeltaHash));
        Assert.Equal(30UL, x1.GetActivationSlot(FeatureId.SkipRentRewrites));
        Assert.Equal(1000UL, x1.GetActivationSlot(FeatureId.EnableDynamicFeesFixesV1));
        Assert.Equal([FeatureId.EnableDynamicFeesFixesV1], pending);

        var solana = new FeatureSet.Builder().ApplyAccounts(ClusterProfile.Solana, read, 1000, includePending: true).Build();
        Assert.Equal(10UL, solana.GetActivationSlot(FeatureId.AccountsLtHash));
        Assert.False(solana.IsActive(FeatureId.RemoveAccountsDeltaHash));
        Assert.Equal(30UL, solana.GetActivationSlot(FeatureId.SkipRentRewrites));
        Assert.False(solana.IsActive(FeatureId.EnableDynamicFeesFixesV1));
        Assert.Equal(2, solana.ActiveCount);
    }

    [Fact]
    public void Reserved_account_keys_can_be_resolved_through_a_feature_set()
    {
        var none = ReservedAccountKeys.Create(FeatureSet.Empty.IsActive);
        var all = ReservedAccountKeys.Create(FeatureSet.AllEnabled(ClusterProfile.X1).IsActive);
        Assert.Equal(ReservedAccountKeys.WithoutFeatures.Count, none.Count);
        Assert.Equal(ReservedAccountKeys.AllActivated.Count, all.Count);
        Assert.True(FeatureTable.TryGetByName(ReservedAccountKeys.AddNewReservedAccountKeysFeature, out _));
        Assert.True(FeatureTable.TryGetByName(ReservedAccountKeys.EnableSecp256r1PrecompileFeature, out _));
    }

    // A 2024 solana-test-validator genesis (Sig's test data) creates one feature account per gate that validator
    // knew, all activated at slot 0. Every one decodes; all but eight are Solana ids of gates Agave 2.2 has; the
    // eight are ids of that validator's other releases (e.g. LtHaSH… for accounts_lt_hash before its re-key).
    [SharedFact("snapshots/sig-2024/genesis.bin")]
    public void Test_validator_genesis_feature_accounts_build_a_solana_feature_set()
    {
        var accounts = GenesisAccounts.Read(File.ReadAllBytes(SharedData.Require("snapshots/sig-2024/genesis.bin")));
        var features = accounts.Where(a => a.Owner == ProgramIds.Feature).ToList();
        Assert.Equal(215, features.Count);
        Assert.All(features, f =>
        {
            Assert.Equal(FeatureAccountState.Activated, FeatureAccount.Decode(f.Owner, f.Data, out var slot));
            Assert.Equal(0UL, slot);
        });

        var byKey = features.ToDictionary(f => f.Key, f => f.Data);
        FeatureAccountReader read = (in Pubkey key, out Pubkey owner, out ReadOnlySpan<byte> data) =>
        {
            owner = ProgramIds.Feature;
            data = byKey.TryGetValue(key, out var bytes) ? bytes : default;
            return bytes != null;
        };
        var set = new FeatureSet.Builder().ApplyAccounts(ClusterProfile.Solana, read, 0, includePending: false).Build();
        Assert.Equal(207, set.ActiveCount);
        var unknown = features.Where(f => !ClusterProfile.Solana.TryGetFeature(f.Key, out _)).Select(f => f.Key.ToString()).ToHashSet();
        Assert.Equal(8, unknown.Count);
        Assert.Contains("LtHaSHHsUge7EWTPVrmpuexKz6uVHZXZL6cgJa7W7Zn", unknown);
        Assert.Contains("FfgtauHUWKeXTzjXkua9Px4tNGBFHKZ9WaigM5VbbzFx", unknown);
        Assert.Contains("sr11RdZWgbHTHxSroPALe6zgaT5A1K9LcE4nfsZS4gi", unknown);
        // Read as X1, only the gates X1 did not re-key are found.
        var asX1 = new FeatureSet.Builder().ApplyAccounts(ClusterProfile.X1, read, 0, includePending: false).Build();
        Assert.All(asX1.Active, a => Assert.False(FeatureTable.Get(a.Id).IsRekeyedOnX1));
    }
}
