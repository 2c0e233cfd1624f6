using System.Collections.Frozen;

namespace Stratus.Core.Features;

/// <summary>
/// One feature gate: its Agave name (nested modules joined with <c>::</c>), the id it is activated under on
/// Solana (Agave 2.2.17; null for gates only X1 has) and on X1 (Tachyon), and its description.
/// </summary>
public sealed record FeatureInfo(FeatureId Id, string Name, Pubkey? SolanaKey, Pubkey X1Key, string Description)
{
    /// <summary>True when X1 activates this gate under a different id than Solana (or Solana lacks it).</summary>
    public bool IsRekeyedOnX1 => SolanaKey != X1Key;

    public override string ToString() => Name;
}

/// <summary>
/// The feature gates, by <see cref="FeatureId"/> and by name. Ids are consensus data: the generated part
/// (<c>FeatureTable.g.cs</c>) comes from the docs' X1-FEATURES.tsv, which agrees row for row with Tachyon's
/// and Agave 2.2.17's <c>feature-set/src/lib.rs</c> (see scripts/features).
/// </summary>
public static partial class FeatureTable
{
    private static readonly FeatureInfo[] Infos;
    private static readonly FrozenDictionary<string, FeatureId> ByName;

    // A static constructor, not field initializers: Rows sits in the generated half of this partial class and
    // initializers across partial files run in no defined order.
    static FeatureTable()
    {
        Infos = BuildInfos();
        ByName = Infos.ToFrozenDictionary(static i => i.Name, static i => i.Id, StringComparer.Ordinal);
    }

    /// <summary>All gates, indexed by <see cref="FeatureId"/>.</summary>
    public static IReadOnlyList<FeatureInfo> All => Infos;

    public static FeatureInfo Get(FeatureId id) => Infos[(int)id];

    /// <summary>Looks a gate up by its Agave name, e.g. <c>accounts_lt_hash</c> or <c>full_inflation::devnet_and_testnet</c>.</summary>
    public static bool TryGetByName(string name, out FeatureId id) => ByName.TryGetValue(name, out id);

    public static string GetName(this FeatureId id) => Infos[(int)id].Name;

    private static FeatureInfo[] BuildInfos()
    {
        var infos = new FeatureInfo[Rows.Length];
        for (var i = 0; i < Rows.Length; i++)
        {
            var (name, solana, x1, description) = Rows[i];
            infos[i] = new FeatureInfo((FeatureId)i, name, solana == null ? null : Pubkey.Parse(solana), Pubkey.Parse(x1), description);
        }
        return infos;
    }
}
