using Stratus.Core;
using Stratus.Core.Features;

namespace Stratus.Runtime.ComputeBudget;

/// <summary>How the compute-budget rules see a program id.</summary>
public enum BuiltinProgramKind : byte
{
    NotBuiltin,

    /// <summary>A builtin with no migration planned (system, vote, compute budget, loaders, ed25519/secp256k1).</summary>
    Builtin,

    /// <summary>A builtin being moved to core BPF: builtin until its migration gate activates, an sBPF program after.</summary>
    MigratingBuiltin,
}

/// <summary>A builtin's fixed per-instruction cost and, if it is migrating to core BPF, the gate that ends its builtin status.</summary>
public readonly record struct BuiltinCost(Pubkey ProgramId, ulong Cost, FeatureId? MigrationFeature);

/// <summary>
/// The consensus table of builtin program costs (agave <c>builtins-default-costs</c> 2.2, unchanged in Tachyon).
/// It sets the default compute-unit limit of transactions that request none, X1's derived compute units and
/// the block cost model, so it can never change. secp256r1 is deliberately absent: it counts as a non-builtin.
/// </summary>
public static class BuiltinCosts
{
    /// <summary>Migrating builtins in Agave's MIGRATING_BUILTINS_COSTS order (the index is the migration counter's slot).</summary>
    public static IReadOnlyList<BuiltinCost> Migrating { get; } =
    [
        new(ProgramIds.Stake, 750, FeatureId.MigrateStakeProgramToCoreBpf),
        new(ProgramIds.Config, 450, FeatureId.MigrateConfigProgramToCoreBpf),
        new(ProgramIds.AddressLookupTable, 750, FeatureId.MigrateAddressLookupTableProgramToCoreBpf),
    ];

    public static IReadOnlyList<BuiltinCost> NotMigrating { get; } =
    [
        new(ProgramIds.Vote, 2_100, null),
        new(ProgramIds.System, 150, null),
        new(ProgramIds.ComputeBudget, 150, null),
        new(ProgramIds.BpfLoaderUpgradeable, 2_370, null),
        new(ProgramIds.BpfLoaderDeprecated, 1_140, null),
        new(ProgramIds.BpfLoader, 570, null),
        new(ProgramIds.LoaderV4, 2_000, null),
        // Precompiles: verified outside the VM, so no units.
        new(ProgramIds.Secp256k1Precompile, 0, null),
        new(ProgramIds.Ed25519Precompile, 0, null),
    ];

    public const int MigratingCount = 3;

    private static readonly BuiltinCost[] Table = [.. Migrating, .. NotMigrating];

    // Most program ids are user programs; a first-byte table rejects nearly all of them with one load.
    private static readonly bool[] MaybeBuiltin = BuildFirstByteTable();

    /// <summary>Classifies a program id; <paramref name="migrationIndex"/> is its slot in <see cref="Migrating"/> when migrating, else -1.</summary>
    public static BuiltinProgramKind Classify(in Pubkey programId, out int migrationIndex)
    {
        migrationIndex = -1;
        var i = IndexOf(programId);
        if (i < 0) return BuiltinProgramKind.NotBuiltin;
        if (i < MigratingCount)
        {
            migrationIndex = i;
            return BuiltinProgramKind.MigratingBuiltin;
        }
        return BuiltinProgramKind.Builtin;
    }

    /// <summary>
    /// Agave's <c>get_builtin_instruction_cost</c>: the builtin's cost, or false when the id is not a builtin
    /// or is a migrating builtin whose migration gate is active in <paramref name="features"/>.
    /// </summary>
    public static bool TryGetCost(in Pubkey programId, FeatureSet features, out ulong cost)
    {
        var i = IndexOf(programId);
        if (i < 0 || (Table[i].MigrationFeature is { } gate && features.IsActive(gate)))
        {
            cost = 0;
            return false;
        }
        cost = Table[i].Cost;
        return true;
    }

    public static bool IsComputeBudgetProgram(in Pubkey programId) =>
        MaybeBuiltin[programId.AsSpan()[0]] && programId == ProgramIds.ComputeBudget;

    private static int IndexOf(in Pubkey programId)
    {
        if (!MaybeBuiltin[programId.AsSpan()[0]]) return -1;
        for (var i = 0; i < Table.Length; i++)
            if (Table[i].ProgramId == programId) return i;
        return -1;
    }

    private static bool[] BuildFirstByteTable()
    {
        var table = new bool[256];
        foreach (var entry in Table) table[entry.ProgramId.AsSpan()[0]] = true;
        return table;
    }
}
