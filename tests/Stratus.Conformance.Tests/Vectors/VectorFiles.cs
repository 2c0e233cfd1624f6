using Stratus.Conformance.Vectors;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests.Vectors;

/// <summary>The committed vector set, decoded once for all tests.</summary>
internal static class VectorFiles
{
    public static string Root { get; } = Path.Combine(SharedData.RepoRoot, "conformance-vectors");

    public static IReadOnlyList<string> Paths { get; } =
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) != "manifest.json" && !VectorReferences.IsReferenceFile(Root, p))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static readonly Lazy<IReadOnlyList<(string Path, LiteSvmVector Vector)>> s_all = new(() =>
        Paths.Select(p =>
        {
            var r = VectorReader.ReadFile(p);
            return (p, r.Vector ?? throw new InvalidOperationException($"{p}: {r.Error}"));
        }).ToArray());

    public static IReadOnlyList<(string Path, LiteSvmVector Vector)> All => s_all.Value;

    public static LiteSvmVector Get(string id) => All.Single(v => v.Vector.Id == id).Vector;

    public static VectorReferences References { get; } = new(Root);

    public static byte[] Bytes(string id) => File.ReadAllBytes(Path.Combine(Root, id + ".json"));
}
