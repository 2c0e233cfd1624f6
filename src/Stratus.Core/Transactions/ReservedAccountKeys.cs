using System.Collections.Frozen;

namespace Stratus.Core.Transactions;

/// <summary>
/// Accounts no transaction may write-lock: a transaction that asks for one writable gets it demoted to
/// read-only. Some keys join the set only once a feature is active; features are named here (not by id)
/// because X1 re-keyed every feature that was inactive at its fork, so the caller resolves names
/// against the cluster's own feature accounts.
/// </summary>
public sealed class ReservedAccountKeys
{
    /// <summary>Feature that reserves the newer builtins and sysvars (SIMD-0105 follow-up).</summary>
    public const string AddNewReservedAccountKeysFeature = "add_new_reserved_account_keys";

    /// <summary>Feature that reserves the secp256r1 precompile.</summary>
    public const string EnableSecp256r1PrecompileFeature = "enable_secp256r1_precompile";

    /// <summary>One reserved key and the feature (by name) that activates it, or null when always reserved.</summary>
    public readonly record struct Entry(Pubkey Key, string? FeatureName);

    /// <summary>
    /// The consensus list (agave-reserved-account-keys 2.2, unchanged in Tachyon). Keys may be added
    /// behind a feature but never removed.
    /// </summary>
    public static IReadOnlyList<Entry> AllEntries { get; } =
    [
        // builtin programs
        new(ProgramIds.AddressLookupTable, AddNewReservedAccountKeysFeature),
        new(ProgramIds.BpfLoader, null),
        new(ProgramIds.BpfLoaderDeprecated, null),
        new(ProgramIds.BpfLoaderUpgradeable, null),
        new(ProgramIds.ComputeBudget, AddNewReservedAccountKeysFeature),
        new(ProgramIds.Config, null),
        new(ProgramIds.Ed25519Precompile, AddNewReservedAccountKeysFeature),
        new(ProgramIds.Feature, null),
        new(ProgramIds.LoaderV4, AddNewReservedAccountKeysFeature),
        new(ProgramIds.Secp256k1Precompile, AddNewReservedAccountKeysFeature),
        new(ProgramIds.Secp256r1Precompile, EnableSecp256r1PrecompileFeature),
        new(ProgramIds.StakeConfig, null),
        new(ProgramIds.Stake, null),
        new(ProgramIds.System, null),
        new(ProgramIds.Vote, null),
        new(ProgramIds.ZkElGamalProof, AddNewReservedAccountKeysFeature),
        new(ProgramIds.ZkTokenProof, AddNewReservedAccountKeysFeature),
        // sysvars
        new(SysvarIds.Clock, null),
        new(SysvarIds.EpochRewards, AddNewReservedAccountKeysFeature),
        new(SysvarIds.EpochSchedule, null),
        new(SysvarIds.Fees, null),
        new(SysvarIds.Instructions, null),
        new(SysvarIds.LastRestartSlot, AddNewReservedAccountKeysFeature),
        new(SysvarIds.RecentBlockhashes, null),
        new(SysvarIds.Rent, null),
        new(SysvarIds.Rewards, null),
        new(SysvarIds.SlotHashes, null),
        new(SysvarIds.SlotHistory, null),
        new(SysvarIds.StakeHistory, null),
        // other
        new(ProgramIds.NativeLoader, null),
        new(SysvarIds.Owner, AddNewReservedAccountKeysFeature),
    ];

    private readonly FrozenSet<Pubkey> _active;

    private ReservedAccountKeys(IEnumerable<Pubkey> active) => _active = active.ToFrozenSet();

    /// <summary>No key reserved (Agave's <c>empty_key_set</c>, for tests and client-side approximations).</summary>
    public static ReservedAccountKeys Empty { get; } = new([]);

    /// <summary>Only the keys reserved without a feature.</summary>
    public static ReservedAccountKeys WithoutFeatures { get; } = Create(static _ => false);

    /// <summary>Every key, whatever the features (Agave's <c>new_all_activated</c>; not for the runtime).</summary>
    public static ReservedAccountKeys AllActivated { get; } = Create(static _ => true);

    /// <summary>The active set for a bank whose features are answered by <paramref name="isFeatureActive"/>.</summary>
    public static ReservedAccountKeys Create(Func<string, bool> isFeatureActive)
        => new(AllEntries.Where(e => e.FeatureName == null || isFeatureActive(e.FeatureName)).Select(e => e.Key));

    /// <summary>An explicit set (tests, tools, or a set computed elsewhere).</summary>
    public static ReservedAccountKeys FromKeys(IEnumerable<Pubkey> keys) => new(keys);

    public bool IsReserved(in Pubkey key) => _active.Contains(key);

    public int Count => _active.Count;

    public IEnumerable<Pubkey> Keys => _active;
}
