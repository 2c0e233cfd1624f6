using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Tests.Snapshots;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Loading;

/// <summary>Corrupted archives fail with a precise error and leave a database no later start trusts.</summary>
public class CorruptLoadTests
{
    private static SnapshotLoadException LoadBytes(TempDirectory dir, byte[] archive, string name)
    {
        var path = dir.Sub(name);
        File.WriteAllBytes(path, archive);
        var e = Assert.Throws<SnapshotLoadException>(() => SnapshotLoader.Load(dir.Sub("db"), path));
        SnapshotLoaderTests.AssertUntrusted(dir.Sub("db"));
        return e;
    }

    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Truncated_archive()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.Sig2025Full));
        var e = LoadBytes(dir, bytes[..(bytes.Length - 100)], Path.GetFileName(SnapshotFiles.Sig2025Full));
        Assert.Equal(SnapshotLoadError.Archive, e.Error);
        Assert.IsType<SnapshotFormatException>(e.InnerException);
    }

    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Bad_zstd_frame()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.Sig2025Full));
        bytes[0] ^= 0xFF; // frame magic
        var e = LoadBytes(dir, bytes, Path.GetFileName(SnapshotFiles.Sig2025Full));
        Assert.Equal(SnapshotLoadError.Archive, e.Error);
    }

    /// <summary>Flipped bytes inside the compressed payload (this writer sets no zstd checksum) are caught somewhere:
    /// by the decoder, the tar/record checks, or at the latest by the lattice hash.</summary>
    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Flipped_compressed_bytes()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.Sig2025Full));
        bytes[bytes.Length / 2] ^= 0xFF;
        bytes[bytes.Length / 2 + 1] ^= 0x5A;
        var e = LoadBytes(dir, bytes, Path.GetFileName(SnapshotFiles.Sig2025Full));
        Assert.Contains(e.Error, new[] { SnapshotLoadError.Archive, SnapshotLoadError.LtHashMismatch, SnapshotLoadError.CapitalizationMismatch });
    }

    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Bad_manifest()
    {
        using var dir = new TempDirectory();
        var entries = ArchiveRewriter.Read(SnapshotFiles.Sig2025Full).Replace("snapshots/1/1", m => m[..(m.Length / 3)]);
        var e = LoadBytes(dir, ArchiveRewriter.TarZst(entries), Path.GetFileName(SnapshotFiles.Sig2025Full));
        Assert.Equal(SnapshotLoadError.Archive, e.Error);
        Assert.Equal(SnapshotError.Manifest, ((SnapshotFormatException)e.InnerException!).Error);
    }

    /// <summary>A lamport changed inside an account record: capitalization no longer matches, naming both values.</summary>
    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Changed_lamports_fail_capitalization()
    {
        using var dir = new TempDirectory();
        var entries = ArchiveRewriter.Read(SnapshotFiles.Sig2025Full);
        var accountsFile = entries.First(e => e.Name.StartsWith("accounts/", StringComparison.Ordinal) && e.Data.Length > 0);
        entries = entries.Replace(accountsFile.Name, d => { d[8 + 8 + 32] ^= 2; return d; }); // lamports (after write_version, data_len, pubkey)
        var e = LoadBytes(dir, ArchiveRewriter.TarZst(entries), Path.GetFileName(SnapshotFiles.Sig2025Full));
        Assert.True(e.Error == SnapshotLoadError.CapitalizationMismatch, e.Message);
        Assert.Contains("computed", e.Message);
        Assert.Contains("manifest", e.Message);
    }

    /// <summary>Changed data keeps capitalization but breaks the lattice hash; the error names both checksums.</summary>
    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Changed_data_fails_lattice_hash()
    {
        using var dir = new TempDirectory();
        var entries = ArchiveRewriter.Read(SnapshotFiles.Sig2025Full);
        var accountsFile = entries.First(e => e.Name.StartsWith("accounts/", StringComparison.Ordinal) && e.Data.Length > 0);
        entries = entries.Replace(accountsFile.Name, d => { d[8 + 8 + 32 + 8 + 8 + 32] ^= 1; return d; }); // executable byte 0 → 1
        var e = LoadBytes(dir, ArchiveRewriter.TarZst(entries), Path.GetFileName(SnapshotFiles.Sig2025Full));
        Assert.Equal(SnapshotLoadError.LtHashMismatch, e.Error);
        Assert.Matches("computed [1-9A-HJ-NP-Za-km-z]{32,44}, manifest [1-9A-HJ-NP-Za-km-z]{32,44}", e.Message);
    }

    [SharedFact(SnapshotFiles.Sig2024Full)]
    public void Changed_data_fails_accounts_hash_of_pre_lattice_snapshot()
    {
        using var dir = new TempDirectory();
        var entries = ArchiveRewriter.Read(SnapshotFiles.Sig2024Full);
        var accountsFile = entries.First(e => e.Name.StartsWith("accounts/", StringComparison.Ordinal) && e.Data.Length > 200);
        entries = entries.Replace(accountsFile.Name, d => { d[8 + 8 + 32 + 8 + 8 + 32 + 1 + 7 + 32 + 1] ^= 1; return d; }); // first data byte
        var e = LoadBytes(dir, ArchiveRewriter.TarZst(entries), Path.GetFileName(SnapshotFiles.Sig2024Full));
        Assert.Equal(SnapshotLoadError.AccountsHashMismatch, e.Error);
    }

    /// <summary>A successful load over a failed one replaces it; the failed one is never trusted in between.</summary>
    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Reload_after_failure_succeeds()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.Sig2025Full));
        LoadBytes(dir, bytes[..(bytes.Length - 100)], "bad.tar.zst");
        var result = SnapshotLoader.Load(dir.Sub("db"), SharedData.DataPath(SnapshotFiles.Sig2025Full));
        Assert.Equal("lattice hash", result.VerifiedBy);
        Assert.Equal(Stratus.AccountsDb.Store.LoadState.Complete, Stratus.AccountsDb.Store.AccountStore.Inspect(dir.Sub("db")));
    }
    [SharedFact(SnapshotFiles.Sig2025Full)]
    public void Record_past_the_end_of_its_file()
    {
        using var dir = new TempDirectory();
        var entries = ArchiveRewriter.Read(SnapshotFiles.Sig2025Full);
        var accountsFile = entries.First(e => e.Name.StartsWith("accounts/", StringComparison.Ordinal) && e.Data.Length > 0);
        entries = entries.Replace(accountsFile.Name, d => { System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(8), 1UL << 40); return d; }); // data_len
        var e = LoadBytes(dir, ArchiveRewriter.TarZst(entries), Path.GetFileName(SnapshotFiles.Sig2025Full));
        Assert.Equal(SnapshotLoadError.Archive, e.Error);
        Assert.Equal(SnapshotError.AccountsFileRecord, ((SnapshotFormatException)e.InnerException!).Error);
        Assert.Contains(accountsFile.Name, e.Message);
    }
}
