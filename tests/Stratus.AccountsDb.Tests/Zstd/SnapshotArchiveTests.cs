using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stratus.AccountsDb.Zstd;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Zstd;

/// <summary>Real snapshot archives (Sig, Agave) decoded through <see cref="ZstdDecompressStream"/> and read with TarReader.</summary>
public sealed class SnapshotArchiveTests
{
    private const string Sig2024Full = "snapshots/sig-2024/snapshot-500-ACaAhqFND5pjXtB4zdaq4Ym5K2Kas3NFbri4tveP114w.tar.zst";
    private const string Sig2024Incremental = "snapshots/sig-2024/incremental-snapshot-500-600-CRRQdR98cawvYSEWGYEaNSDpq2HC1i5oAEoq7aMLyWFy.tar.zst";
    private const string Sig2025Full = "snapshots/sig-2025/snapshot-1-5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar.zst";
    private const string Sig2025Incremental = "snapshots/sig-2025/incremental-snapshot-1-4-43FT6mnmRW9XbxpCzqH3ogYexHXboG7d8vmf3gBLvLrR.tar.zst";
    private const string AgaveV42 = "snapshots/sig-agave-v4.2/test-snapshot-v4.2.0-beta.1.tar.zst";
    private const string AgaveV42Json = "snapshots/sig-agave-v4.2/test-snapshot-v4.2.0-beta.1.json";

    // SHA-256 and length of each archive's tar as decoded by the reference zstd 1.5.4 CLI (`zstd -dc | sha256sum`).
    [SharedTheory(Sig2024Full, Sig2024Incremental, Sig2025Full, Sig2025Incremental, AgaveV42)]
    [InlineData(Sig2024Full, "9f379b291f64d198bd2769d69da61278be1c46540ddc89187da14241002bbdd2", 1324544)]
    [InlineData(Sig2024Incremental, "01f4891348d50880407ccfc6707038d4dd94e22805ddcbe72dc05cab8f36f343", 233984)]
    [InlineData(Sig2025Full, "389d6b9ef8648445ca6f46fb9068372144b94ced12898d162885b63047b6c56f", 186880)]
    [InlineData(Sig2025Incremental, "3f2821e611dd138478034deb772027c999b90bad049325f7bd0a4f67b9197353", 167936)]
    [InlineData(AgaveV42, "25ca85e162dc14b87c1450386899e736392cfbc69b2c4cfced30d47832ea8368", 147456)]
    public void Decoded_bytes_match_the_reference_decoder(string archive, string sha256, long length)
    {
        using var file = File.OpenRead(SharedData.DataPath(archive));
        using var zstd = new ZstdDecompressStream(file);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[7919]; // odd size: output boundaries fall mid-block
        long total = 0;
        int n;
        while ((n = zstd.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            total += n;
        }
        Assert.Equal(length, total);
        Assert.Equal(length, zstd.TotalOut);
        Assert.Equal(new FileInfo(SharedData.DataPath(archive)).Length, zstd.TotalIn);
        Assert.Equal(sha256, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    [SharedTheory(Sig2024Full, Sig2024Incremental, Sig2025Full, Sig2025Incremental, AgaveV42)]
    [InlineData(Sig2024Full, 500, 4)]
    [InlineData(Sig2024Incremental, 600, 1)]
    [InlineData(Sig2025Full, 1, 2)]
    [InlineData(Sig2025Incremental, 4, 1)]
    [InlineData(AgaveV42, 100, 3)]
    public void Tar_entries_stream_without_extraction(string archive, int slot, int accountFiles)
    {
        var entries = new List<string>();
        string? version = null;
        using (var zstd = new ZstdDecompressStream(File.OpenRead(SharedData.DataPath(archive))))
        using (var tar = new TarReader(zstd))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                entries.Add(entry.Name);
                if (entry.Name == "version")
                {
                    using var reader = new StreamReader(entry.DataStream!, Encoding.ASCII);
                    version = reader.ReadToEnd();
                }
            }
        }

        Assert.Equal("version", entries[0]); // the snapshot format puts the version first
        Assert.Equal("1.2.0", version?.TrimEnd('\n'));
        Assert.Contains("snapshots/status_cache", entries);
        Assert.Contains($"snapshots/{slot}/{slot}", entries);
        var accounts = entries.Where(e => e.StartsWith("accounts/", StringComparison.Ordinal) && e.Length > "accounts/".Length).ToList();
        Assert.Equal(accountFiles, accounts.Count);
        Assert.All(accounts, a => Assert.Matches(@"^accounts/\d+\.\d+$", a));
    }

    [SharedFact(AgaveV42, AgaveV42Json)]
    public void Agave_archive_entries_match_the_independent_json_decoding()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(SharedData.DataPath(AgaveV42Json)));
        var accounts = json.RootElement.GetProperty("accounts");
        var expectedFiles = accounts.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("on_disk_size").GetInt64());
        var statusCacheSize = json.RootElement.GetProperty("status_cache").GetProperty("on_disk_size").GetInt64();

        var sizes = new Dictionary<string, long>();
        var contents = new Dictionary<string, byte[]>();
        using (var tar = new TarReader(new ZstdDecompressStream(File.OpenRead(SharedData.DataPath(AgaveV42)))))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                sizes[entry.Name] = entry.Length;
                using var ms = new MemoryStream();
                entry.DataStream!.CopyTo(ms);
                contents[entry.Name] = ms.ToArray();
            }
        }

        foreach (var (path, size) in expectedFiles)
        {
            Assert.Equal(size, sizes[path]);
            Assert.Equal(size, contents[path].Length);
        }
        Assert.Equal(statusCacheSize, sizes["snapshots/status_cache"]);

        // Each account's data (hex in the JSON) is inside the account file the JSON assigns it to.
        foreach (var entry in accounts.GetProperty("entries").EnumerateArray())
        {
            var data = Convert.FromHexString(entry.GetProperty("data_hex").GetString()!);
            if (data.Length == 0) continue;
            var file = $"accounts/{entry.GetProperty("slot").GetInt64()}.{entry.GetProperty("file_id").GetInt64()}";
            Assert.True(contents[file].AsSpan().IndexOf(data) >= 0, $"account data of entry {entry.GetProperty("index")} not in {file}");
        }
    }

    [SharedFact(Sig2024Full)]
    public void Truncated_archives_fail_with_a_truncation_error_at_every_cut()
    {
        var full = File.ReadAllBytes(SharedData.DataPath(Sig2024Full));
        foreach (var cut in new[] { 1, 3, 4, 5, 6, 100, full.Length / 3, full.Length / 2, full.Length - 100, full.Length - 1 })
        {
            var e = Assert.Throws<ZstdException>(() => DecodeAll(full[..cut]));
            Assert.Equal(ZstdErrorCode.Truncated, e.ErrorCode);
            Assert.Contains("input ended inside a frame", e.Message);
            Assert.True(e.CompressedOffset <= cut, $"offset {e.CompressedOffset} past cut {cut}");
        }

        // Through TarReader the zstd error surfaces unchanged (not as a confusing end-of-stream from tar).
        var half = full[..(full.Length / 2)];
        var viaTar = Assert.Throws<ZstdException>(() =>
        {
            using var tar = new TarReader(new ZstdDecompressStream(new MemoryStream(half)));
            while (tar.GetNextEntry() is { } entry) entry.DataStream?.CopyTo(Stream.Null);
        });
        Assert.Equal(ZstdErrorCode.Truncated, viaTar.ErrorCode);
    }

    [SharedFact(AgaveV42)]
    public void No_single_byte_corruption_of_a_checksummed_archive_decodes_to_different_data()
    {
        // The Agave archive's frame carries an XXH64 content checksum: a mutation either fails with a zstd error or
        // hits bits the decoder never uses and yields the original bytes (the reference CLI behaves the same: it
        // accepts exactly one such mutation here, offset 3308).
        var original = File.ReadAllBytes(SharedData.DataPath(AgaveV42));
        var reference = DecodeAll(original);
        var codes = new HashSet<ZstdErrorCode>();
        var harmless = new List<int>();
        for (var i = 0; i < original.Length; i++)
        {
            var mutated = (byte[])original.Clone();
            mutated[i] ^= 0x5A;
            try
            {
                var decoded = DecodeAll(mutated);
                Assert.Equal(reference, decoded);
                harmless.Add(i);
            }
            catch (ZstdException e)
            {
                codes.Add(e.ErrorCode);
            }
        }
        Assert.Equal(new[] { 3308 }, harmless);
        Assert.Contains(ZstdErrorCode.PrefixUnknown, codes);   // magic bytes
        Assert.Contains(ZstdErrorCode.ChecksumWrong, codes);   // literal bytes / the checksum itself
    }

    [SharedFact(Sig2025Full)]
    public void Corrupting_an_unchecksummed_archive_errors_or_changes_output_but_never_crashes()
    {
        var original = File.ReadAllBytes(SharedData.DataPath(Sig2025Full));
        var reference = DecodeAll(original);
        var detected = 0;
        for (var i = 0; i < original.Length; i += 7)
        {
            var mutated = (byte[])original.Clone();
            mutated[i] ^= 0xFF;
            try
            {
                var decoded = DecodeAll(mutated);
                Assert.NotEqual(reference, decoded);
            }
            catch (ZstdException)
            {
                detected++;
            }
        }
        Assert.True(detected > 0);
    }

    [SharedFact(Sig2024Full)]
    public void A_frame_needing_a_larger_window_than_allowed_is_rejected()
    {
        var data = File.ReadAllBytes(SharedData.DataPath(Sig2024Full)); // 512 KiB window
        var e = Assert.Throws<ZstdException>(() => Stratus.AccountsDb.Zstd.Zstd.Decompress(data, windowLogMax: 18));
        Assert.Equal(ZstdErrorCode.FrameParameterWindowTooLarge, e.ErrorCode);
        Assert.Equal(1324544, Stratus.AccountsDb.Zstd.Zstd.Decompress(data, windowLogMax: 19).Length);
    }

    internal static byte[] DecodeAll(byte[] compressed) => Stratus.AccountsDb.Zstd.Zstd.Decompress(compressed);
}
