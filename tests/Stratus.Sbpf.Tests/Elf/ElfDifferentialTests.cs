using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stratus.Sbpf.Elf;
using Stratus.TestCommon;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>
/// Mutated and truncated variants of shared ELFs, each with the result solana-sbpf 0.10.1 gives
/// (elf-mutations.tsv; see README.md). Checks the error value, or for loads that succeed a digest of
/// text vaddr, entry pc, text, ro region and function registry.
/// </summary>
public class ElfDifferentialTests
{
    private const string TablePath = "tests/Stratus.Sbpf.Tests/Elf/elf-mutations.tsv";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in ReadTable().Select(r => r.File).Distinct())
            data.Add(f);
        return data;
    }

    [SharedTheory("elfs")]
    [MemberData(nameof(Files))]
    public void Mutations_match_sbpf_0_10_1(string file)
    {
        var original = ElfTestEnvironment.ReadShared(file);
        var mismatches = new List<string>();
        int count = 0;
        foreach (var row in ReadTable().Where(r => r.File == file))
        {
            count++;
            var bytes = ElfMutation.Apply(original, row.Mutation);
            var (config, syscalls) = ElfTestEnvironment.Get(row.Config);
            var result = ElfLoader.Load(bytes, config, syscalls);
            var actual = result.ToString();
            var digest = result.IsOk ? Digest(result.Executable) : string.Empty;
            if (actual != row.Expected || digest != row.Digest)
                mismatches.Add($"{row.Config} {row.Mutation}: expected {row.Expected} {row.Digest}, got {actual} {digest}");
        }
        Assert.True(count > 0);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count}/{count} differ:\n" + string.Join('\n', mismatches.Take(40)));
    }

    internal static string Digest(Executable exe)
    {
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"0x{exe.TextVaddr:x}:{exe.EntryPc}:{ElfExpectationTests.Sha16(exe.Text)}:0x{exe.ReadOnlyRegionVaddr:x}:{ElfExpectationTests.Sha16(exe.ReadOnlyRegion)}:{ElfExpectationTests.Sha16(Encoding.UTF8.GetBytes(ElfExpectationTests.FunctionListing(exe.Functions)))}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(detail)))[..16];
    }

    private sealed record Row(string File, string Config, string Mutation, string Expected, string Digest);

    private static List<Row>? _rows;

    private static List<Row> ReadTable()
    {
        if (_rows != null) return _rows;
        var path = Environment.GetEnvironmentVariable("STRATUS_ELF_MUTATIONS") ?? Path.Combine(SharedData.RepoRoot, TablePath);
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var c = line.Split('\t');
            rows.Add(new Row(c[0], c[1], c[2], c[3], c.Length > 4 ? c[4] : string.Empty));
        }
        return _rows = rows;
    }
}
