using System.Buffers.Binary;

namespace Stratus.Conformance.Features;

/// <summary>
/// Maps the u64 feature form used by fixtures (the first 8 bytes of the feature id, little-endian) to feature names.
/// Knows every Tachyon gate under both its X1 and its Solana id, plus <see cref="FeatureAliases"/>.
/// </summary>
public sealed class FeatureSetMap
{
    private readonly Dictionary<ulong, string[]> _byPrefix;

    public static FeatureSetMap Default { get; } = new();

    private FeatureSetMap()
    {
        var byPrefix = new Dictionary<ulong, HashSet<string>>();
        void Add(string name, string base58)
        {
            var prefix = Prefix(base58);
            if (!byPrefix.TryGetValue(prefix, out var names)) byPrefix[prefix] = names = new HashSet<string>(StringComparer.Ordinal);
            names.Add(name);
        }
        foreach (var (name, x1, solana) in FeatureGateTable.Gates)
        {
            Add(name, x1);
            Add(name, solana);
        }
        foreach (var (name, alias) in FeatureAliases.Aliases) Add(name, alias);
        _byPrefix = byPrefix.ToDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray());
        KnownNames = FeatureGateTable.Gates.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every feature name in the table.</summary>
    public IReadOnlySet<string> KnownNames { get; }

    /// <summary>The fixture form of a 32-byte feature id.</summary>
    public static ulong Prefix(ReadOnlySpan<byte> featureId) => BinaryPrimitives.ReadUInt64LittleEndian(featureId);

    /// <summary>The fixture form of a base58 feature id.</summary>
    public static ulong Prefix(string base58Id)
    {
        Span<byte> id = stackalloc byte[32];
        if (!Base58.TryDecode32(base58Id, id)) throw new ArgumentException($"'{base58Id}' is not a 32-byte base58 id", nameof(base58Id));
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
            var ids = FeatureGateTable.Gates.Where(g => g.Name == name).SelectMany(g => new[] { g.X1Id, g.SolanaId })
                .Concat(FeatureAliases.Aliases.Where(a => a.Name == name).Select(a => a.Id));
            ulong? chosen = null, fallback = null;
            foreach (var id in ids)
            {
                var prefix = Prefix(id);
                fallback ??= prefix;
                if (NamesOf(prefix) is [var only] && only == name) { chosen = prefix; break; }
            }
            result.Add(chosen ?? fallback ?? throw new ArgumentException($"unknown feature '{name}'", nameof(names)));
        }
        return result;
    }
}

/// <summary>Active feature names resolved from a fixture's feature list.</summary>
public sealed record ActiveFeatures(IReadOnlySet<string> Names, IReadOnlyList<ulong> UnknownPrefixes)
{
    public static ActiveFeatures None { get; } = new(new HashSet<string>(), []);

    public bool IsActive(string name) => Names.Contains(name);
}
