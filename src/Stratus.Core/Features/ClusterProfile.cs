using System.Collections.Frozen;

namespace Stratus.Core.Features;

public enum ClusterKind
{
    Solana,
    X1,
}

/// <summary>Which transaction-fee formula a cluster uses.</summary>
public enum FeeRules
{
    /// <summary>Agave 2.2: lamports_per_signature × (transaction + precompile signatures), plus the prioritization fee.</summary>
    Solana,

    /// <summary>
    /// Tachyon's dynamic fees: base fee from derived compute units × 10; the <c>enable_dynamic_fees_fixes_v1</c>
    /// gate chooses between the current rules and the earlier fee-v0 variant.
    /// </summary>
    X1Dynamic,
}

/// <summary>A feature gate that only an older X1 release knew; 2.2-era replay never reads it.</summary>
public sealed record RetiredFeatureGate(string Name, Pubkey Key, string Note);

/// <summary>
/// Everything that differs between Solana and X1 for a replaying node, in one place: the id each feature
/// gate is activated under, the fee rules, the vote-fee exemption. Genesis parameters (ticks, hashes per
/// tick, epoch schedule, rent, fee governor and burn percent) are not here: they come from each cluster's genesis.
/// </summary>
public sealed class ClusterProfile
{
    /// <summary>Agave's default <c>FeeStructure</c> charge per signature; the bank never changes it outside tests.</summary>
    public const ulong DefaultLamportsPerSignature = 5_000;

    private readonly Pubkey?[] _keys;
    private readonly FrozenDictionary<Pubkey, FeatureId> _byKey;

    private ClusterProfile(ClusterKind kind, string name, FeeRules feeRules, bool voteProgramFeeExempt, IReadOnlyList<RetiredFeatureGate> retired)
    {
        Kind = kind;
        Name = name;
        FeeRules = feeRules;
        VoteProgramFeeExempt = voteProgramFeeExempt;
        RetiredFeatureGates = retired;
        _keys = FeatureTable.All.Select(i => kind == ClusterKind.X1 ? i.X1Key : i.SolanaKey).ToArray();
        Features = FeatureTable.All.Where(i => _keys[(int)i.Id] != null).Select(i => i.Id).ToArray();
        _byKey = Features.ToFrozenDictionary(id => _keys[(int)id]!.Value, id => id);
    }

    /// <summary>Solana as Agave 2.2.17 runs it.</summary>
    public static ClusterProfile Solana { get; } = new(ClusterKind.Solana, "solana", FeeRules.Solana, voteProgramFeeExempt: false, []);

    /// <summary>X1 as Tachyon (release/dyn_fees_v2.2.17) runs it.</summary>
    public static ClusterProfile X1 { get; } = new(ClusterKind.X1, "x1", FeeRules.X1Dynamic, voteProgramFeeExempt: true,
    [
        // Found only on the v2.0 `dyn_fees_v2` branch (X1.md §2).
        new("disable_reward_full_priority_fee", Pubkey.Parse("9Y5UJtWUV2VVgGhBToyANREzHybwvMtoTFrg29n7o8EX"), "Tachyon 2.0 only"),
        new("replace_token_program_2022", Pubkey.Parse("8FbKvGXFBMjpYXhtnX6KuuLquqMRFaGouQkrDkKYp64b"), "Tachyon 2.0 only; one-off testnet Token-2022 swap"),
    ]);

    public ClusterKind Kind { get; }

    public string Name { get; }

    public FeeRules FeeRules { get; }

    /// <summary>
    /// X1: a transaction with the vote program anywhere among its account keys (static or looked up) pays
    /// nothing, whatever its instructions. Solana charges votes like any other transaction.
    /// </summary>
    public bool VoteProgramFeeExempt { get; }

    /// <summary>Signature price the bank's fee structure passes to the fee rules (X1's formula ignores it).</summary>
    public ulong LamportsPerSignature => DefaultLamportsPerSignature;

    /// <summary>Gate selecting the current X1 fee rules over fee-v0; null on clusters without dynamic fees.</summary>
    public FeatureId? DynamicFeesGate => FeeRules == FeeRules.X1Dynamic ? FeatureId.EnableDynamicFeesFixesV1 : null;

    /// <summary>Gates this cluster can activate (all but those it has no id for), in <see cref="FeatureId"/> order.</summary>
    public IReadOnlyList<FeatureId> Features { get; }

    /// <summary>Gate ids older releases of this cluster used that the current feature set no longer lists (data for history).</summary>
    public IReadOnlyList<RetiredFeatureGate> RetiredFeatureGates { get; }

    public bool HasFeature(FeatureId id) => (uint)id < (uint)_keys.Length && _keys[(int)id] != null;

    /// <summary>The account address this cluster activates the gate under.</summary>
    public bool TryGetFeatureKey(FeatureId id, out Pubkey key)
    {
        if ((uint)id < (uint)_keys.Length && _keys[(int)id] is { } k)
        {
            key = k;
            return true;
        }
        key = default;
        return false;
    }

    public Pubkey GetFeatureKey(FeatureId id) =>
        TryGetFeatureKey(id, out var key) ? key : throw new ArgumentException($"{Name} has no feature gate {id}", nameof(id));

    /// <summary>Which gate an address is on this cluster (a Solana id seen on X1 for a re-keyed gate is not one).</summary>
    public bool TryGetFeature(in Pubkey key, out FeatureId id) => _byKey.TryGetValue(key, out id);

    public override string ToString() => Name;
}
