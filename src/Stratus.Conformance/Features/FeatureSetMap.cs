using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Encoding;
using Stratus.Core.Features;

namespace Stratus.Conformance.Features;

/// <summary>
/// Maps the u64 feature form used by fixtures (the first 8 bytes of the feature id, little-endian) to gates of
/// <see cref="FeatureTable"/>. Knows every gate under both its X1 and its Solana id, plus <see cref="FeatureAliases"/>.
/// </summary>
public sealed class FeatureSetMap
{
    private readonly Dictionary<ulong, string[]> _byPrefix;

    public static FeatureSetMap Default { get; } = new();

    private FeatureSetMap()
    {
        var byPrefix = new Dictionary<ulong, HashSet<string>>();
        foreach (var (id, key) in AllKeys())
        {
            var prefix = Prefix(key.AsSpan());
            if (!byPrefix.TryGetValue(prefix, out var names)) byPrefix[prefix] = names = new HashSet<string>(StringComparer.Ordinal);
            names.Add(id.GetName());
        }
        _byPrefix = byPrefix.ToDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray());
        KnownNames = FeatureTable.All.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every feature name in the table.</summary>
    public IReadOnlySet<string> KnownNames { get; }

    /// <summary>The fixture form of a 32-byte feature id.</summary>
    public static ulong Prefix(ReadOnlySpan<byte> featureId) => BinaryPrimitives.ReadUInt64LittleEndian(featureId);

    /// <summary>The fixture form of a base58 feature id.</summary>
    public static ulong Prefix(string base58Id)
    {
        Span<byte> id = stackalloc byte[Pubkey.Length];
        if (Base58.TryDecodeExact(base58Id, id, out _) != Base58Error.None)
            throw new ArgumentException($"'{base58Id}' is not a 32-byte base58 id", nameof(base58Id));
        return Prefix(id);
    }

    /// <summary>
    /// Names behind one prefix. Usually one; the two Agave test gates for SBPF v0 share a prefix, so listing it
    /// turns both on (Agave's own fuzz harnesses drop both for the same reason).
    /// </summary>
    public IReadOnlyList<string> NamesOf(ulong prefix) => _byPrefix.TryGetValue(prefix, out var n) ? n : [];

    /// <summary>The features a fixture's list turns on, and the prefixes this table does not know.</summary>
    public ActiveFeatures Resolve(IEnumerable<ulong> prefixes)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<ulong>();
        foreach (var p in prefixes)
        {
            if (_byPrefix.TryGetValue(p, out var n)) names.UnionWith(n);
            else unknown.Add(p);
        }
        return new ActiveFeatures(names, unknown);
    }

    /// <summary>
    /// The prefix list that turns on the named features: for each, the first of its ids (X1, Solana, aliases) whose
    /// prefix names that feature alone, else its first id (which then turns on a prefix-sharing gate too).
    /// </summary>
    public IReadOnlyList<ulong> PrefixesOf(IEnumerable<string> names)
    {
        var result = new List<ulong>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!FeatureTable.TryGetByName(name, out var feature)) throw new ArgumentException($"unknown feature '{name}'", nameof(names));
            ulong? chosen = null, fallback = null;
            foreach (var (id, key) in AllKeys())
            {
                if (id != feature) continue;
                var prefix = Prefix(key.AsSpan());
                fallback ??= prefix;
                if (NamesOf(prefix) is [var only] && only == name) { chosen = prefix; break; }
            }
            result.Add(chosen ?? fallback!.Value);
        }
        return result;
    }

    // Every id a gate is known under: X1's, then Solana's (gates only X1 has have none), then the fixture aliases.
    private static IEnumerable<(FeatureId Id, Pubkey Key)> AllKeys()
    {
        foreach (var info in FeatureTable.All)
        {
            yield return (info.Id, info.X1Key);
            if (info.SolanaKey is { } solana) yield return (info.Id, solana);
        }
        foreach (var alias in FeatureAliases.Aliases) yield return alias;
    }
}

/// <summary>Active feature names resolved from a fixture's feature list.</summary>
public sealed record ActiveFeatures(IReadOnlySet<string> Names, IReadOnlyList<ulong> UnknownPrefixes)
{
    public static ActiveFeatures None { get; } = new(new HashSet<string>(), []);

    public bool IsActive(string name) => Names.Contains(name);
}
