using Stratus.TestCommon;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>One row of elf-expectations.tsv: a file, a loader environment and what sbpf 0.10.1 gives.</summary>
public sealed record ElfExpectation(
    string File,
    string Config,
    string Expected,
    string TextVaddr,
    string TextLength,
    string EntryPc,
    string RoVaddr,
    string RoLength,
    string TextSha256,
    string RoSha256,
    string FunctionCount,
    string FunctionsSha256,
    string Verifier,
    string Source)
{
    public bool IsOk => Expected.StartsWith("Ok(", StringComparison.Ordinal);

    public override string ToString() => $"{File} [{Config}]";
}

internal static class ElfExpectationTable
{
    public const string RelativePath = "tests/Stratus.Sbpf.Tests/Elf/elf-expectations.tsv";

    private static readonly Lazy<IReadOnlyList<ElfExpectation>> Rows = new(Load);

    public static IReadOnlyList<ElfExpectation> All => Rows.Value;

    private static IReadOnlyList<ElfExpectation> Load()
    {
        var path = Path.Combine(SharedData.RepoRoot, RelativePath);
        var result = new List<ElfExpectation>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#' || line.StartsWith("file\t", StringComparison.Ordinal)) continue;
            var c = line.Split('\t');
            if (c.Length != 14) throw new InvalidDataException($"{path}: expected 14 columns, got {c.Length}: {line}");
            result.Add(new ElfExpectation(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13]));
        }
        return result;
    }
}
