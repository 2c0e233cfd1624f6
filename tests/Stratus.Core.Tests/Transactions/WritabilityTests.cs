using Stratus.Core.Transactions;
using static Stratus.Core.Tests.Transactions.TestMessages;

namespace Stratus.Core.Tests.Transactions;

/// <summary>Signer and write-lock decisions (solana-message 2.2 is_writable_index / is_maybe_writable / LoadedMessage).</summary>
public class WritabilityTests
{
    [Fact]
    public void Header_splits_static_keys_into_four_groups()
    {
        // 3 signers (last 2 read-only), 3 non-signers (last 1 read-only), plus one writable and one
        // read-only looked-up key.
        var m = V0(Header(3, 2, 1), Keys(6), [], Lookup([0], [1]));
        bool[] expected = [true, false, false, true, true, false, true, false];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], m.IsWritableIndex(i));
        Assert.False(m.IsWritableIndex(8));
        Assert.False(m.IsWritableIndex(-1));
        for (var i = 0; i < 8; i++) Assert.Equal(i < 3, m.IsSigner(i));
    }

    [Fact]
    public void Maybe_writable_demotes_reserved_static_keys_only_when_a_set_is_given()
    {
        // Same shape as Agave's v0 test_is_maybe_writable: key 3 reserved.
        var keys = Keys(6);
        var m = V0(Header(3, 2, 1), keys, [], Lookup([0], [1]));
        var reserved = ReservedSet(keys[3]);
        bool[] expected = [true, false, false, false, true, false, true, false, false];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], m.IsMaybeWritable(i, reserved));
        Assert.True(m.IsMaybeWritable(3));
    }

    [Fact]
    public void Invoked_programs_are_demoted_unless_the_upgradeable_loader_is_a_key()
    {
        var keys = Keys(3);
        var m = Legacy(Header(1), keys, Ix(2, 1));
        Assert.True(m.IsWritableIndex(2));
        Assert.True(m.IsKeyCalledAsProgram(2));
        Assert.False(m.IsMaybeWritable(2));
        Assert.True(m.IsMaybeWritable(1));
        Assert.True(m.IsInstructionAccount(1));
        Assert.False(m.IsInstructionAccount(2));

        keys[1] = ProgramIds.BpfLoaderUpgradeable;
        var withLoader = Legacy(Header(1), keys, Ix(2, 1));
        Assert.True(withLoader.IsMaybeWritable(2));
        // The loader itself is reserved, so it is demoted once the reserved set is consulted.
        Assert.False(withLoader.IsMaybeWritable(1, ReservedAccountKeys.WithoutFeatures));
        Assert.True(withLoader.IsMaybeWritable(1));
    }

    [Fact]
    public void Runtime_flags_see_the_loader_and_reserved_keys_among_loaded_addresses()
    {
        var keys = Keys(3);
        var m = V0(Header(1), keys, [Ix(2, 3, 4)], Lookup([5, 6], [7]));
        var loaded = new LoadedAddresses([Key(50), SysvarIds.Clock], [ProgramIds.BpfLoaderUpgradeable]);
        // payer, writable non-signer, invoked program, loaded writable, loaded writable sysvar, loaded readonly
        Assert.Equal([true, true, true, true, false, false], m.GetWritableFlags(loaded, ReservedAccountKeys.WithoutFeatures));
        // Without the loader anywhere, the invoked program is demoted.
        var plain = new LoadedAddresses([Key(50), SysvarIds.Clock], [Key(51)]);
        Assert.Equal([true, true, false, true, false, false], m.GetWritableFlags(plain, ReservedAccountKeys.WithoutFeatures));
        // The static-key-only approximation does not see the looked-up loader.
        Assert.False(m.IsMaybeWritable(2));
        Assert.Equal(6, m.GetAccountKeys(loaded).Count);
        Assert.Equal(ProgramIds.BpfLoaderUpgradeable, m.GetAccountKeys(loaded)[5]);
    }

    [Fact]
    public void Legacy_runtime_flags_match_maybe_writable_with_the_same_reserved_set()
    {
        var keys = Keys(5);
        keys[3] = ProgramIds.Vote;
        keys[4] = SysvarIds.Instructions;
        var m = Legacy(Header(2, 1, 1), keys, Ix(2, 0, 1, 3, 4));
        var reserved = ReservedAccountKeys.WithoutFeatures;
        var flags = m.GetWritableFlags(null, reserved);
        for (var i = 0; i < keys.Length; i++) Assert.Equal(m.IsMaybeWritable(i, reserved), flags[i]);
        Assert.Equal([true, false, false, false, false], flags);
    }

    [Fact]
    public void Reserved_set_follows_feature_activation()
    {
        Assert.True(ReservedAccountKeys.WithoutFeatures.IsReserved(ProgramIds.System));
        Assert.True(ReservedAccountKeys.WithoutFeatures.IsReserved(SysvarIds.Clock));
        Assert.False(ReservedAccountKeys.WithoutFeatures.IsReserved(ProgramIds.ComputeBudget));
        Assert.False(ReservedAccountKeys.WithoutFeatures.IsReserved(ProgramIds.Secp256r1Precompile));
        var added = ReservedAccountKeys.Create(f => f == ReservedAccountKeys.AddNewReservedAccountKeysFeature);
        Assert.True(added.IsReserved(ProgramIds.ComputeBudget));
        Assert.True(added.IsReserved(SysvarIds.Owner));
        Assert.False(added.IsReserved(ProgramIds.Secp256r1Precompile));
        Assert.True(ReservedAccountKeys.AllActivated.IsReserved(ProgramIds.Secp256r1Precompile));
        Assert.Equal(ReservedAccountKeys.AllEntries.Count, ReservedAccountKeys.AllActivated.Count);
        Assert.Equal(31, ReservedAccountKeys.AllEntries.Count);
        Assert.Equal(20, ReservedAccountKeys.WithoutFeatures.Count);
        Assert.Equal(0, ReservedAccountKeys.Empty.Count);
        // Every sysvar is reserved once all features are on.
        Assert.All(SysvarIds.All, id => Assert.True(ReservedAccountKeys.AllActivated.IsReserved(id)));
    }

    [Fact]
    public void Addresses_resolve_through_lookup_tables_in_order()
    {
        var m = V0(Header(1), Keys(2), [Ix(1, 2, 3, 4)], Lookup([2, 0], [1], table: 900), Lookup([3], [], table: 901));
        var tables = new Dictionary<Pubkey, Pubkey[]>
        {
            [Key(900)] = [Key(10), Key(11), Key(12)],
            [Key(901)] = [Key(20), Key(21), Key(22), Key(23)],
        };
        Assert.Null(m.TryLoadAddresses(t => tables.GetValueOrDefault(t), out var loaded));
        Assert.Equal([Key(12), Key(10), Key(23)], loaded.Writable);
        Assert.Equal([Key(11)], loaded.Readonly);
        var keys = m.GetAccountKeys(loaded);
        Assert.Equal([Key(0), Key(1), Key(12), Key(10), Key(23), Key(11)], keys.ToArray());
        Assert.Equal(4, keys.IndexOf(Key(23)));

        tables[Key(901)] = [Key(20)];
        Assert.Equal(AddressLoaderError.InvalidLookupIndex, m.TryLoadAddresses(t => tables.GetValueOrDefault(t), out _));
        tables.Remove(Key(900));
        Assert.Equal(AddressLoaderError.LookupTableAccountNotFound, m.TryLoadAddresses(t => tables.GetValueOrDefault(t), out _));
        Assert.Equal(TransactionErrorKind.AddressLookupTableNotFound,
            TransactionError.FromAddressLoader(AddressLoaderError.LookupTableAccountNotFound).Kind);
        Assert.Equal(TransactionErrorKind.InvalidAddressLookupTableIndex,
            TransactionError.FromAddressLoader(AddressLoaderError.InvalidLookupIndex).Kind);
    }

    private static ReservedAccountKeys ReservedSet(Pubkey key) => ReservedAccountKeys.FromKeys([key]);
}
