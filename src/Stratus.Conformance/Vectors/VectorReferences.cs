using System.Collections.Concurrent;
using System.Text.Json;

namespace Stratus.Conformance.Vectors;

/// <summary>
/// The inputs many vectors share, stored once beside the group directories and named from each vector
/// (docs/vectors.md): <c>feature-sets/&lt;name&gt;.json</c>, <c>compute-budgets/&lt;name&gt;.json</c>,
/// <c>harnesses/&lt;name&gt;.json</c> and <c>account-sets/&lt;name&gt;.json</c> (builtin and precompile accounts). Each file is decoded once and cached; a missing or malformed file is an error
/// result, never an exception.
/// </summary>
public sealed class VectorReferences
{
    public const string FeatureSetsDir = "feature-sets";
    public const string ComputeBudgetsDir = "compute-budgets";
    public const string HarnessesDir = "harnesses";
    public const string AccountSetsDir = "account-sets";

    /// <summary>Every reference directory.</summary>
    public static IReadOnlyList<string> Directories { get; } = [FeatureSetsDir, ComputeBudgetsDir, HarnessesDir, AccountSetsDir];

    private static readonly ConcurrentDictionary<string, VectorReferences> s_byRoot = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<(string Dir, string Name), (object? Value, string? Error)> _cache = new();

    /// <param name="root">The vector set's directory (the parent of the group directories).</param>
    public VectorReferences(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    /// <summary>
    /// The (shared, cached) references of the vector set holding <paramref name="vectorPath"/>: the nearest directory,
    /// from the vector's own upwards, that has a <c>harnesses/</c> directory (normally the parent of the group
    /// directory); failing that, the parent of the vector's directory.
    /// </summary>
    public static VectorReferences ForVectorFile(string vectorPath)
    {
        var vectorDir = Path.GetDirectoryName(Path.GetFullPath(vectorPath)) ?? ".";
        var root = Path.GetDirectoryName(vectorDir) ?? vectorDir;
        for (var dir = vectorDir; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, HarnessesDir))) { root = dir; break; }
        }
        return s_byRoot.GetOrAdd(root, r => new VectorReferences(r));
    }

    /// <summary>True when <paramref name="path"/> lies in one of the reference directories of <paramref name="root"/>.</summary>
    public static bool IsReferenceFile(string root, string path)
    {
        var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
        return Directories.Any(d => rel.StartsWith(d + "/", StringComparison.Ordinal));
    }

    /// <summary>Names are lower-case letters, digits, '.', '-' and '_', so a reference cannot leave its directory.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 100 && name[0] != '.' && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.');

    internal bool TryGet<T>(string dir, string name, Func<JsonElement, string, T> parse, out T? value, out string? error) where T : class
    {
        var (v, e) = _cache.GetOrAdd((dir, name), key => Load(key.Dir, key.Name, parse));
        value = v as T;
        error = e;
        return value != null;
    }

    private (object? Value, string? Error) Load<T>(string dir, string name, Func<JsonElement, string, T> parse) where T : class
    {
        if (!IsValidName(name)) return (null, $"'{name}' is not a valid reference name");
        var rel = dir + "/" + name + ".json";
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.Combine(Root, dir, name + ".json"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{rel} is unreadable: {e.Message}");
        }
        var r = VectorReader.ReadReference(bytes, rel, parse);
        return r.Error != null ? (null, r.Error) : (r.Value, null);
    }
}
