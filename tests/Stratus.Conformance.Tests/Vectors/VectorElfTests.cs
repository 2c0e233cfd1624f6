using Stratus.Conformance.Vectors;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests.Vectors;

public class VectorElfTests
{
    [SharedFact("elfs/litesvm")]
    public void Every_referenced_elf_exists_with_the_recorded_sha256()
    {
        var source = new DirectoryElfSource(SharedData.DataPath(""));
        var failures = new List<string>();
        int programs = 0, parts = 0;
        foreach (var (_, v) in VectorFiles.All)
        {
            foreach (var p in v.Inputs.Programs)
            {
                programs++;
                if (!source.TryGet(p.Elf, p.Sha256, out _, out var error)) failures.Add($"{v.Id}: {error}");
            }
            var accounts = v.Inputs.Accounts.Concat(v.Expected.Accounts)
                .Concat(v.Inputs.Sysvars.Select(s => s.Account))
                .Concat(v.Inputs.Builtins.Select(s => s.Account))
                .Concat(v.Inputs.Precompiles.Select(s => s.Account));
            foreach (var a in accounts)
            {
                parts += a.Data.ElfReferences.Count();
                if (!a.Data.TryMaterialize(source, out var bytes, out var error)) failures.Add($"{v.Id} {a.Address}: {error}");
                else if (bytes.Length != a.Data.Length) failures.Add($"{v.Id} {a.Address}: {bytes.Length} bytes");
            }
        }
        Assert.Empty(failures);
        Assert.True(programs > 100, $"{programs} program references");
        Assert.True(parts > 10, $"{parts} ELF data parts");
    }

    [SharedFact("elfs/litesvm")]
    public void A_wrong_sha256_or_an_escaping_path_is_refused()
    {
        var source = new DirectoryElfSource(SharedData.DataPath(""));
        Assert.False(source.TryGet("elfs/litesvm/spl_memo-4.0.0.so", new string('0', 64), out _, out var error));
        Assert.Contains("sha256", error);
        Assert.False(source.TryGet("../docs/X1.md", new string('0', 64), out _, out error));
        Assert.Contains("relative", error);
        Assert.False(source.TryGet("elfs/litesvm/missing.so", new string('0', 64), out _, out error));
        Assert.Contains("not found", error);
    }
}
