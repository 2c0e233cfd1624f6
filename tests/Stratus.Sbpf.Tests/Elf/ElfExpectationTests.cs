using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stratus.Sbpf.Elf;
using Stratus.TestCommon;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>Loads every ELF under shared/data/elfs in every environment of the table and compares all of it.</summary>
public class ElfExpectationTests
{
    public static TheoryData<string, string> Rows()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in ElfExpectationTable.All)
            data.Add(row.File, row.Config);
        return data;
    }

    [SharedTheory("elfs")]
    [MemberData(nameof(Rows))]
    public void Load_matches_sbpf_0_10_1(string file, string config)
    {
        var row = ElfExpectationTable.All.Single(r => r.File == file && r.Config == config);
        var (loaderConfig, syscalls) = ElfTestEnvironment.Get(config);
        var bytes = ElfTestEnvironment.ReadShared(file);
        var copy = (byte[])bytes.Clone();

        var result = ElfLoader.Load(bytes, loaderConfig, syscalls);

        Assert.Equal(copy, bytes); // the input is never modified
        Assert.Equal(row.Expected, result.ToString());
        if (!result.IsOk) return;

        var exe = result.Executable;
        Assert.Equal(row.TextVaddr, "0x" + exe.TextVaddr.ToString("x", CultureInfo.InvariantCulture));
        Assert.Equal(row.TextLength, exe.Text.Length.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(row.EntryPc, exe.EntryPc.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(row.RoVaddr, "0x" + exe.ReadOnlyRegionVaddr.ToString("x", CultureInfo.InvariantCulture));
        Assert.Equal(row.RoLength, exe.ReadOnlyRegion.Length.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(row.TextSha256, Sha16(exe.Text));
        Assert.Equal(row.RoSha256, Sha16(exe.ReadOnlyRegion));
        Assert.Equal(row.FunctionCount, exe.Functions.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(row.FunctionsSha256, Sha16(Encoding.UTF8.GetBytes(FunctionListing(exe.Functions))));
    }

    [Fact]
    public void Table_covers_every_file_in_every_config()
    {
        var rows = ElfExpectationTable.All;
        Assert.Equal(rows.Count, rows.Select(r => (r.File, r.Config)).Distinct().Count());
        foreach (var group in rows.GroupBy(r => r.File))
            Assert.Equal(ElfTestEnvironment.ConfigNames.Order(StringComparer.Ordinal), group.Select(r => r.Config).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));

        var dataDir = Stratus.TestCommon.SharedData.DataPath("elfs");
        if (!Directory.Exists(dataDir)) return;
        var onDisk = Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".so", StringComparison.Ordinal) || p.EndsWith(".elf", StringComparison.Ordinal))
            .Select(p => "elfs/" + Path.GetRelativePath(dataDir, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(onDisk, rows.Select(r => r.File).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    internal static string Sha16(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data))[..16];

    /// <summary>"key:pc:name" lines (key as 8 hex digits), sorted ordinally, joined by newlines.</summary>
    internal static string FunctionListing(FunctionRegistry functions) =>
        string.Join('\n', functions.Entries
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key:x8}:{e.Value.Pc}:{e.Value.Name}"))
            .Order(StringComparer.Ordinal));
}
