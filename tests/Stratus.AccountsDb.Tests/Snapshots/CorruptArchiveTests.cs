using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Zstd;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Snapshots;

/// <summary>Corrupted copies of the real archives: every failure is a <see cref="SnapshotFormatException"/> that says what and where.</summary>
public sealed class CorruptArchiveTests
{
    private const string Manifest = "snapshots/100/100";
    private const string StatusCacheEntry = "snapshots/status_cache";

    private static List<ArchiveEntry> Agave() => ArchiveRewriter.Read(SnapshotFiles.AgaveV42);

    private static SnapshotFormatException Fails(byte[] archive, SnapshotReadOptions? options = null)
        => Assert.Throws<SnapshotFormatException>(() => ArchiveRewriter.ReadAll(ArchiveRewriter.OpenBytes(archive, options)));

    private static SnapshotFormatException Fails(List<ArchiveEntry> entries, SnapshotReadOptions? options = null)
        => Fails(ArchiveRewriter.TarZst(entries), options);

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Rebuilt_archive_reads_like_the_original()
    {
        // The harness itself: re-packing the entries (tar + zstd, plain tar, gzip) changes nothing that is read.
        var entries = Agave();
        foreach (var bytes in new[] { ArchiveRewriter.TarZst(entries), ArchiveRewriter.Tar(entries), Gzip(ArchiveRewriter.Tar(entries)) })
        {
            var (reader, files, accounts) = ArchiveRewriter.ReadAll(ArchiveRewriter.OpenBytes(bytes));
            Assert.Equal((3, 9), (files, accounts));
            Assert.Equal(100UL, reader.Manifest.Slot);
            reader.Dispose();
        }
        Assert.Equal(ArchiveCompression.None, ArchiveRewriter.OpenBytes(ArchiveRewriter.Tar(entries)).Compression);
        Assert.Equal(ArchiveCompression.Gzip, ArchiveRewriter.OpenBytes(Gzip(ArchiveRewriter.Tar(entries))).Compression);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Truncated_archives_report_truncation()
    {
        var original = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.AgaveV42));
        for (var cut = 4; cut < original.Length; cut += 11)
        {
            var e = Fails(original[..cut]);
            Assert.Equal(SnapshotError.Truncated, e.Error);
            Assert.IsType<ZstdException>(e.InnerException);
        }
        // Also through a file in a temporary directory, and with the last byte (the frame checksum) missing.
        using var dir = new TempDirectory();
        var path = dir.Sub("snapshot-100-FF2m56Z7VbuL5fhNTfNzzH41ZP45CYzxZGocL9RqmRck.tar.zst");
        File.WriteAllBytes(path, original[..^1]);
        var fromFile = Assert.Throws<SnapshotFormatException>(() => ArchiveRewriter.ReadAll(SnapshotArchiveReader.Open(path)));
        Assert.Equal(SnapshotError.Truncated, fromFile.Error);
        Assert.Contains("compressed stream ends early", fromFile.Message);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Corrupted_zstd_frames_are_compression_errors()
    {
        var original = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.AgaveV42));

        var badDescriptor = (byte[])original.Clone();
        badDescriptor[4] ^= 0xFF; // frame header descriptor: reserved bit set
        var e = Fails(badDescriptor);
        Assert.Equal(SnapshotError.Compression, e.Error);
        Assert.StartsWith("snapshot Compression: zstd:", e.Message);

        var badChecksum = (byte[])original.Clone();
        badChecksum[^1] ^= 0x01; // the frame's XXH64 content checksum
        e = Fails(badChecksum);
        Assert.Equal(SnapshotError.Compression, e.Error);
        Assert.Equal(ZstdErrorCode.ChecksumWrong, Assert.IsType<ZstdException>(e.InnerException).ErrorCode);

        // Any single corrupted byte is reported as some snapshot error (or is harmless); nothing else escapes.
        var errors = new HashSet<SnapshotError>();
        for (var i = 0; i < original.Length; i += 3)
        {
            var mutated = (byte[])original.Clone();
            mutated[i] ^= 0x5A;
            try
            {
                ArchiveRewriter.ReadAll(ArchiveRewriter.OpenBytes(mutated)).Reader.Dispose();
            }
            catch (SnapshotFormatException x)
            {
                errors.Add(x.Error);
            }
        }
        Assert.Contains(SnapshotError.Compression, errors);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Not_an_archive()
    {
        var empty = Fails(Array.Empty<byte>());
        Assert.Equal(SnapshotError.Truncated, empty.Error); // TarReader: an empty stream has no end marker
        var garbage = new byte[10000];
        new Random(3).NextBytes(garbage);
        garbage[0] = 0x00; // not a compression magic: read as tar
        Assert.Equal(SnapshotError.Tar, Fails(garbage).Error);
        Assert.Equal(SnapshotError.UnsupportedCompression, Fails("BZh91AY&SY"u8.ToArray()).Error);
        Assert.Equal(SnapshotError.UnsupportedCompression, Fails([0x04, 0x22, 0x4D, 0x18, 0, 0]).Error);
        var missing = Assert.Throws<SnapshotFormatException>(() => SnapshotArchiveReader.Open("/definitely/not/here.tar.zst"));
        Assert.Equal(SnapshotError.Io, missing.Error);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Bad_manifests_name_the_field()
    {
        var half = Fails(Agave().Replace(Manifest, m => m[..(m.Length / 2)]));
        Assert.Equal(SnapshotError.Manifest, half.Error);
        Assert.Equal(Manifest, half.Entry);
        Assert.Contains("input ends inside the value", half.Message);
        Assert.Contains("extra.versioned_epoch_stakes", half.Message); // 3198 of 6397 bytes: inside the epoch stakes

        var early = Fails(Agave().Replace(Manifest, m => m[..100]));
        Assert.Contains("bank.blockhash_queue", early.Message);

        var trailing = Fails(Agave().Replace(Manifest, m => [.. m, 0]));
        Assert.Equal(SnapshotError.Manifest, trailing.Error);
        Assert.Contains("1 byte(s) after the last known extra field", trailing.Message);
        Assert.Equal(6397, trailing.Offset);
        using (var lenient = ArchiveRewriter.OpenBytes(ArchiveRewriter.TarZst(Agave().Replace(Manifest, m => [.. m, 0])), new SnapshotReadOptions { AllowManifestTrailingBytes = true }))
            Assert.Equal(1, lenient.Manifest.TrailingBytes);

        var badBool = Fails(Agave().Replace(Manifest, m =>
        {
            m[IsDeltaOffset(m)] = 7;
            return m;
        }));
        Assert.Contains("bank.is_delta: bool byte is not 0 or 1", badBool.Message);

        var renamed = Fails(Agave().Select(e => e.Name == Manifest ? e with { Name = "snapshots/99/99" } : e).ToList());
        Assert.Equal(SnapshotError.Manifest, renamed.Error);
        Assert.Contains("manifest is for slot 100 but stored as snapshots/99/99", renamed.Message);

        var mismatched = Fails(Agave().Select(e => e.Name == Manifest ? e with { Name = "snapshots/100/99" } : e).ToList());
        Assert.Equal(SnapshotError.UnexpectedEntry, mismatched.Error);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Bad_status_cache()
    {
        var e = Fails(Agave().Replace(StatusCacheEntry, c => c[..200]));
        Assert.Equal(SnapshotError.StatusCache, e.Error);
        Assert.Equal(StatusCacheEntry, e.Entry);
        Assert.Contains("status_cache.", e.Message);

        var badResult = Fails(Agave().Replace(StatusCacheEntry, c =>
        {
            // First entry of the first bucket: u64 count, slot, is_root, u64 map len, hash, key_index, u64 vec len, key[20], result tag.
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(8 + 8 + 1 + 8 + 32 + 8 + 8 + 20), 2);
            return c;
        }));
        Assert.Contains("Result variant 2", badResult.Message);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Records_past_the_valid_length()
    {
        var entries = Agave();
        var file = entries.Single(e => e.Name == "accounts/100.3").Data;
        var lastOffset = LastRecordOffset(file);

        // accounts_current_len cut 200 bytes short: the last record (the 131 KB slot history) no longer fits.
        var shortened = Fails(entries.Replace(Manifest, m => PatchCurrentLen(m, 100, 3, (ulong)file.Length - 200)));
        Assert.Equal(SnapshotError.AccountsFileRecord, shortened.Error);
        Assert.Equal("accounts/100.3", shortened.Entry);
        Assert.Equal(lastOffset, shortened.Offset);
        Assert.Contains($"DataPastEnd: record at offset {lastOffset} has data_len 131097, past the valid length {file.Length - 200}", shortened.Message);

        // Cut inside a header.
        var header = Fails(entries.Replace(Manifest, m => PatchCurrentLen(m, 98, 1, 100)));
        Assert.Equal(SnapshotError.AccountsFileRecord, header.Error);
        Assert.Contains("HeaderPastEnd: record at offset 0 needs a 136-byte header but only 100 valid byte(s) remain", header.Message);

        // A length beyond the file itself.
        var beyond = Fails(entries.Replace(Manifest, m => PatchCurrentLen(m, 99, 2, 160)));
        Assert.Equal(SnapshotError.AccountsFileSize, beyond.Error);
        Assert.Contains("accounts_current_len 160 exceeds the file size 152", beyond.Message);

        // data_len in the record itself too large.
        var bigData = Fails(entries.Replace("accounts/98.1", f =>
        {
            BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(8), 17);
            return f;
        }));
        Assert.Equal(SnapshotError.AccountsFileRecord, bigData.Error);
        Assert.Equal("accounts/98.1", bigData.Entry);
        Assert.Equal(0, bigData.Offset);
        Assert.Contains("data_len 17, past the valid length 152 (16 data byte(s) available)", bigData.Message);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Records_breaking_append_vec_rules()
    {
        var entries = Agave();
        var executable = Fails(entries.Replace("accounts/98.1", f => { f[96] = 2; return f; }));
        Assert.Contains("InvalidExecutable: record at offset 0 has executable byte 0x02", executable.Message);

        var zeroLamports = Fails(entries.Replace("accounts/98.1", f => { f.AsSpan(48, 8).Clear(); return f; }));
        Assert.Contains("InvalidZeroLamportAccount", zeroLamports.Message);

        var endMarker = Fails(entries.Replace("accounts/98.1", f =>
        {
            f.AsSpan(8, 8).Clear();   // data_len
            f.AsSpan(16, 32).Clear(); // pubkey
            f.AsSpan(48, 16).Clear(); // lamports, rent_epoch
            f.AsSpan(64, 32).Clear(); // owner
            return f;
        }));
        Assert.Contains("EndMarkerInsideValidLength", endMarker.Message);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Archive_structure_errors()
    {
        var missing = Fails(Agave().Where(e => e.Name != "accounts/99.2").ToList());
        Assert.Equal(SnapshotError.MissingAccountsFile, missing.Error);
        Assert.Contains("lists accounts/99.2 (152 bytes) but the archive ended without it", missing.Message);

        var unlisted = Fails([.. Agave(), new ArchiveEntry("accounts/7.7", TarEntryType.RegularFile, new byte[8])]);
        Assert.Equal(SnapshotError.UnlistedAccountsFile, unlisted.Error);
        Assert.Equal("accounts/7.7", unlisted.Entry);

        var entries = Agave();
        var duplicate = Fails([.. entries, entries.Single(e => e.Name == "accounts/98.1")]);
        Assert.Equal(SnapshotError.DuplicateEntry, duplicate.Error);

        var accountsFirst = entries.Where(e => e.Name == "version")
            .Concat(entries.Where(e => e.Name.StartsWith("accounts/", StringComparison.Ordinal)))
            .Concat(entries.Where(e => e.Name != "version" && !e.Name.StartsWith("accounts/", StringComparison.Ordinal))).ToList();
        var early = Fails(accountsFirst);
        Assert.Equal(SnapshotError.MissingManifest, early.Error);
        Assert.Contains("before the first accounts file (accounts/98.1)", early.Message);

        var versionLast = Fails([.. entries.Where(e => e.Name != "version"), entries.Single(e => e.Name == "version")]);
        Assert.Equal(SnapshotError.MissingVersion, versionLast.Error);

        var version = Fails(Agave().Replace("version", _ => "1.3.0"u8.ToArray()));
        Assert.Equal(SnapshotError.UnsupportedVersion, version.Error);
        Assert.Contains("'1.3.0'", version.Message);
        Assert.Equal(SnapshotError.UnsupportedVersion, Fails(Agave().Replace("version", _ => "1.2.0    \n"u8.ToArray())).Error); // 10 bytes
        using (var withNewline = ArchiveRewriter.OpenBytes(ArchiveRewriter.TarZst(Agave().Replace("version", _ => "1.2.0\n"u8.ToArray()))))
            Assert.Equal("1.2.0", withNewline.Version);

        Assert.Equal(SnapshotError.MissingStatusCache, Fails(Agave().Where(e => e.Name != StatusCacheEntry).ToList()).Error);

        var stray = Fails([.. Agave(), new ArchiveEntry("snapshots/notes.txt", TarEntryType.RegularFile, [1])]);
        Assert.Equal(SnapshotError.UnexpectedEntry, stray.Error);
        Assert.Equal("snapshots/notes.txt", stray.Entry);

        var link = Fails([new ArchiveEntry("accounts/98.1", TarEntryType.SymbolicLink, []), .. Agave()]);
        Assert.Equal(SnapshotError.UnexpectedEntry, link.Error);

        var empty = Fails(Agave().Replace("accounts/99.2", _ => []));
        Assert.Equal(SnapshotError.AccountsFileSize, empty.Error);
        Assert.Contains("accounts file is empty", empty.Message);
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void A_lying_tar_size_field_does_not_force_a_huge_allocation()
    {
        var tar = ArchiveRewriter.Tar(Agave());
        var header = FindHeader(tar, Manifest);
        // Claim 900,000,000 bytes (octal, NUL-terminated) and fix the header checksum; the data then runs out.
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(900_000_000, 8).PadLeft(11, '0') + "\0").CopyTo(tar, header + 124);
        "        "u8.CopyTo(tar.AsSpan(header + 148));
        var sum = 0;
        for (var i = 0; i < 512; i++) sum += tar[header + i];
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, header + 148);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Fails(tar);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SnapshotError.Truncated, e.Error);
        Assert.Equal(Manifest, e.Entry);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes");

        // Above the metadata limit the entry is refused outright.
        var limited = Fails(tar, new SnapshotReadOptions { MaxMetadataEntrySize = 1 << 20 });
        Assert.Equal(SnapshotError.EntryTooLarge, limited.Error);
    }

    private static int FindHeader(byte[] tar, string name)
    {
        var pattern = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        for (var at = 0; at + 512 <= tar.Length; at += 512)
            if (tar.AsSpan(at, pattern.Length).SequenceEqual(pattern)) return at;
        throw new Xunit.Sdk.XunitException($"no tar header for {name}");
    }

    [SharedFact(SnapshotFiles.Sig2024Incremental)]
    public void Incremental_archives_only_need_storages_above_the_base_slot()
    {
        // The 500→600 manifest lists storages of slots 0, 39, 500 and 600; only 600 is in the archive.
        var entries = ArchiveRewriter.Read(SnapshotFiles.Sig2024Incremental);
        using (var ok = ArchiveRewriter.OpenBytes(ArchiveRewriter.TarZst(entries)))
            Assert.Equal(1, ArchiveRewriter.ReadAll(ok).Files);
        // A caller-supplied base slot below 500 makes the slot-500 storage mandatory.
        var e = Fails(ArchiveRewriter.TarZst(entries), new SnapshotReadOptions { IncrementalBaseSlot = 400 });
        Assert.Equal(SnapshotError.MissingAccountsFile, e.Error);
        Assert.Contains("accounts/500.6", e.Message);
    }

    private static int IsDeltaOffset(byte[] manifest)
    {
        // is_delta is the last bank field: parse to find where the accounts-db fields start.
        var parsed = SnapshotManifest.Parse(manifest);
        Assert.True(parsed.Bank.IsDelta);
        // The storages map follows is_delta: u64 count (3) then slot 98 — find that pattern after the bank fields.
        Span<byte> pattern = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(pattern, 3);
        BinaryPrimitives.WriteUInt64LittleEndian(pattern[8..], 98);
        var at = manifest.AsSpan().IndexOf(pattern);
        Assert.True(at > 0);
        Assert.Equal(1, manifest[at - 1]);
        return at - 1;
    }

    /// <summary>Finds the storage entry (slot → [(id, len)]) in a manifest and sets its accounts_current_len.</summary>
    private static byte[] PatchCurrentLen(byte[] manifest, ulong slot, ulong id, ulong newLength)
    {
        var storage = SnapshotManifest.Parse(manifest).AccountsDb.Storages.Single(s => s.Slot == slot && s.Id == id);
        Span<byte> pattern = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(pattern, slot);
        BinaryPrimitives.WriteUInt64LittleEndian(pattern[8..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(pattern[16..], id);
        BinaryPrimitives.WriteUInt64LittleEndian(pattern[24..], storage.AccountsCurrentLen);
        var at = manifest.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0);
        BinaryPrimitives.WriteUInt64LittleEndian(manifest.AsSpan(at + 24), newLength);
        return manifest;
    }

    private static long LastRecordOffset(byte[] file)
    {
        var reader = new AccountsFileReader(file);
        long last = -1;
        while (reader.MoveNext()) last = reader.Current.Offset;
        Assert.Equal(AccountsFileError.None, reader.Error);
        return last;
    }

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }
}
