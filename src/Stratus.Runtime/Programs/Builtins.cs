using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.AddressLookupTable;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Programs.Config;
using Stratus.Runtime.Programs.Stake;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Programs.Vote;

namespace Stratus.Runtime.Programs;

/// <summary>
/// The builtin programs of Agave 2.2 (builtins/src/lib.rs) and which implementation runs each. Stake,
/// Config and Address Lookup Table are builtins only until their core-BPF migration feature is active.
/// </summary>
public static class Builtins
{
    public static void Register(ProgramCacheForTxBatch cache, FeatureSet features)
    {
        foreach (var (key, entry) in Entries(features)) cache.Add(key, entry);
    }

    /// <summary>
    /// The builtin cache entries active under <paramref name="features"/>. Entries are immutable, so a
    /// processor builds them once for its feature set and adds the same ones to every transaction's cache.
    /// </summary>
    public static (Pubkey Key, ProgramCacheEntry Entry)[] Entries(FeatureSet features)
    {
        var collect = new ProgramCacheForTxBatch(0, null!);
        Add(collect, features);
        return collect.Snapshot();
    }

    private static void Add(ProgramCacheForTxBatch cache, FeatureSet features)
    {
        cache.AddBuiltin(ProgramIds.System, SystemProgram.Instance);
        cache.AddBuiltin(ProgramIds.Vote, VoteProgram.Instance);
        if (!features.IsActive(FeatureId.MigrateStakeProgramToCoreBpf))
            cache.AddBuiltin(ProgramIds.Stake, StakeProgram.Instance);
        if (!features.IsActive(FeatureId.MigrateConfigProgramToCoreBpf))
            cache.AddBuiltin(ProgramIds.Config, ConfigProgram.Instance);
        cache.AddBuiltin(ProgramIds.BpfLoaderDeprecated, BpfLoaderProgram.Instance);
        cache.AddBuiltin(ProgramIds.BpfLoader, BpfLoaderProgram.Instance);
        cache.AddBuiltin(ProgramIds.BpfLoaderUpgradeable, BpfLoaderProgram.Instance);
        cache.AddBuiltin(ProgramIds.ComputeBudget, ComputeBudgetProgram.Instance);
        if (!features.IsActive(FeatureId.MigrateAddressLookupTableProgramToCoreBpf))
            cache.AddBuiltin(ProgramIds.AddressLookupTable, AddressLookupTableProgram.Instance);
        if (features.IsActive(FeatureId.ZkTokenSdkEnabled))
            cache.AddBuiltin(ProgramIds.ZkTokenProof, new UnsupportedBuiltin("zk token proof"));
        if (features.IsActive(FeatureId.EnableLoaderV4))
            cache.AddBuiltin(ProgramIds.LoaderV4, LoaderV4.LoaderV4Program.Instance);
        if (features.IsActive(FeatureId.ZkElgamalProofProgramEnabled))
            cache.AddBuiltin(ProgramIds.ZkElGamalProof, new UnsupportedBuiltin("zk elgamal proof"));
    }
}
