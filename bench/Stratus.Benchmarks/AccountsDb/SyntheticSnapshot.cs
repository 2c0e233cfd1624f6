using System.Buffers.Binary;
using System.Formats.Tar;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Store;
using Stratus.AccountsDb.Zstd;
using Stratus.Core;
using Stratus.Core.Encoding;
using Stratus.Crypto;

namespace Stratus.Benchmarks.AccountsDb;

/// <summary>
/// Writes a synthetic snapshot archive in the real format (version, status cache, bincode manifest, 8-byte aligned
/// accounts files) with N accounts of mainnet-like data sizes. The manifest is a real one (a template archive,
/// e.g. sig-2025's full snapshot) with its storages map, capitalization and accounts lattice hash replaced, so
/// it verifies. About 4% of the accounts are rewritten in a newer slot and 1% deleted there, to exercise
/// highest-slot-wins and zero-lamport deletion.
/// </summary>
public static class SyntheticSnapshot
{
    public const int AccountsPerFile = 8192;

    public sealed record Summary(string Path, long Accounts, long Records, ulong Capitalization, long ArchiveBytes);

    /// <param name="randomData">
    /// Fill every data byte with random bytes (incompressible: the worst case for anything that compresses), instead of
    /// the first 64 bytes with the rest zero.
    /// </param>
    /// <param name="largeContent">
    /// When given, accounts of 1 KiB or more hold slices of these bytes (real program binaries, at random offsets)
    /// instead: large accounts with real-world compressibility. Smaller accounts are as without it.
    /// </param>
    public static Summary Write(string templateArchive, string outputDirectory, long accounts, int seed = 1, int zstdLevel = 1, bool randomData = false, byte[]? largeContent = null)
    {
        var filled = randomData ? int.MaxValue : 64;
        byte[] manifestBytes;
        byte[] statusCache;
        SnapshotManifest template;
        using (var reader = SnapshotArchiveReader.Open(templateArchive))
        {
            template = reader.Manifest;
            (manifestBytes, statusCache) = ReadRawMetadata(templateArchive, template.Slot);
        }
        var bankSlot = template.Slot;
        if (bankSlot < 1) throw new InvalidOperationException("template snapshot must be at slot >= 1");
        var oldSlot = bankSlot - 1;

        var random = new Random(seed);
        var lt = new byte[LtHash.Size];
        var one = new byte[LtHash.Size];
        ulong capitalization = 0;
        long live = 0, records = 0;
        var storages = new List<(ulong Slot, ulong Id, int Length)>();
        var tempTar = System.IO.Path.Combine(outputDirectory, "accounts.tmp");
        Directory.CreateDirectory(outputDirectory);

        // Accounts files go to a temporary tar so the manifest (which lists them and carries the hash) can come first.
        var fileBuffer = new byte[8 << 20];
        var rewrites = new List<(byte[] Pubkey, bool Delete)>();
        using (var accountsTar = new FileStream(tempTar, FileMode.Create))
        using (var tar = new TarWriter(accountsTar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            ulong id = 0;
            var pubkey = new byte[32];
            var owner = new byte[32];
            var data = new byte[1 << 20];
            for (long start = 0; start < accounts; start += AccountsPerFile)
            {
                var count = (int)Math.Min(AccountsPerFile, accounts - start);
                var used = 0;
                for (var i = 0; i < count; i++)
                {
                    random.NextBytes(pubkey);
                    var size = DataSize(random);
                    var ownerKind = random.Next(8);
                    owner.AsSpan().Fill((byte)(ownerKind + 1));
                    Fill(random, data.AsSpan(0, size), filled, largeContent);
                    var lamports = (ulong)random.NextInt64(890_880, 10_000_000_000);
                    var rewrite = random.Next(100);
                    if (rewrite < 5) rewrites.Add(((byte[])pubkey.Clone(), rewrite == 0));
                    else
                    {
                        AccountHashes.Lattice(lamports, data.AsSpan(0, size), false, owner, pubkey, one);
                        LtHash.MixIn(lt, one);
                        capitalization += lamports;
                        live++;
                    }
                    Ensure(ref fileBuffer, used + StoredAccount.HeaderSize + size + 8);
                    used += WriteRecord(fileBuffer.AsSpan(used), pubkey, lamports, owner, data.AsSpan(0, size));
                    records++;
                }
                storages.Add((oldSlot, id, used));
                AddEntry(tar, $"accounts/{oldSlot}.{id}", fileBuffer.AsSpan(0, used));
                id++;
            }
            // The newer slot: rewritten accounts (new lamports/data) and deletions.
            for (var startIndex = 0; startIndex < rewrites.Count; startIndex += AccountsPerFile)
            {
                var used = 0;
                foreach (var (key, delete) in rewrites.Skip(startIndex).Take(AccountsPerFile))
                {
                    if (delete)
                    {
                        Ensure(ref fileBuffer, used + StoredAccount.HeaderSize + 8);
                        used += WriteRecord(fileBuffer.AsSpan(used), key, 0, new byte[32], []);
                    }
                    else
                    {
                        var size = DataSize(random);
                        owner.AsSpan().Fill(9);
                        Fill(random, data.AsSpan(0, size), filled, largeContent);
                        var lamports = (ulong)random.NextInt64(890_880, 10_000_000_000);
                        AccountHashes.Lattice(lamports, data.AsSpan(0, size), false, owner, key, one);
                        LtHash.MixIn(lt, one);
                        capitalization += lamports;
                        live++;
                        Ensure(ref fileBuffer, used + StoredAccount.HeaderSize + size + 8);
                        used += WriteRecord(fileBuffer.AsSpan(used), key, lamports, owner, data.AsSpan(0, size));
                    }
                    records++;
                }
                storages.Add((bankSlot, id, used));
                AddEntry(tar, $"accounts/{bankSlot}.{id}", fileBuffer.AsSpan(0, used));
                id++;
            }
        }

        var manifest = PatchManifest(manifestBytes, template, storages, capitalization, lt);
        var checksum = new byte[LtHash.ChecksumSize];
        LtHash.Checksum(lt, checksum);
        var path = System.IO.Path.Combine(outputDirectory, $"snapshot-{bankSlot}-{Base58.Encode(checksum)}.tar.zst");
        using (var output = new FileStream(path, FileMode.Create))
        using (var zstd = new ZstdCompressStream(output, zstdLevel))
        {
            using (var tar = new TarWriter(zstd, TarEntryFormat.Gnu, leaveOpen: true))
            {
                AddEntry(tar, "version", "1.2.0"u8);
                AddEntry(tar, "snapshots/status_cache", statusCache);
                AddEntry(tar, $"snapshots/{bankSlot}/{bankSlot}", manifest);
                using var accountsTar = new FileStream(tempTar, FileMode.Open);
                using var reader = new TarReader(accountsTar);
                while (reader.GetNextEntry() is { } entry) tar.WriteEntry(entry);
            }
        }
        File.Delete(tempTar);
        return new Summary(path, live, records, capitalization, new FileInfo(path).Length);
    }

    private static void Fill(Random random, Span<byte> data, int filled, byte[]? largeContent)
    {
        if (largeContent != null)
        {
            if (data.Length >= 1024)
            {
                for (var at = 0; at < data.Length;)
                {
                    var from = random.Next(largeContent.Length);
                    var take = Math.Min(data.Length - at, largeContent.Length - from);
                    largeContent.AsSpan(from, take).CopyTo(data[at..]);
                    at += take;
                }
                return;
            }
            // The buffer may hold a large account's bytes: small ones keep zeros after their random prefix.
            data.Clear();
        }
        random.NextBytes(data[..Math.Min(data.Length, filled)]);
    }

    /// <summary>Mainnet-like: mostly token accounts and empty system accounts, some stake/mint/vote, a tail of programs.</summary>
    private static int DataSize(Random random)
    {
        var r = random.Next(1000);
        return r switch
        {
            < 550 => 165,                        // SPL token account
            < 800 => 0,                          // system account
            < 880 => 200,                        // stake
            < 930 => 82,                         // mint
            < 975 => random.Next(0, 1024),
            < 995 => random.Next(1024, 10 * 1024),
            < 998 => 3762,                       // vote
            _ => random.Next(10 * 1024, 200 * 1024),
        };
    }

    private static void Ensure(ref byte[] buffer, int needed)
    {
        if (needed > buffer.Length) Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
    }

    private static int WriteRecord(Span<byte> destination, ReadOnlySpan<byte> pubkey, ulong lamports, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> data)
    {
        var length = StoredAccount.HeaderSize + data.Length;
        var stored = (length + 7) & ~7;
        destination[..stored].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], (ulong)data.Length);
        pubkey.CopyTo(destination[16..]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[48..], lamports);
        if (lamports != 0) owner.CopyTo(destination[64..]);
        data.CopyTo(destination[StoredAccount.HeaderSize..]);
        return stored;
    }

    private static void AddEntry(TarWriter tar, string name, ReadOnlySpan<byte> bytes)
    {
        var entry = new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes.ToArray()) };
        tar.WriteEntry(entry);
    }

    private static (byte[] Manifest, byte[] StatusCache) ReadRawMetadata(string archive, ulong slot)
    {
        using var tar = new TarReader(new ZstdDecompressStream(File.OpenRead(archive)));
        byte[]? manifest = null, status = null;
        while (tar.GetNextEntry() is { } e)
        {
            if (e.DataStream == null) continue;
            var ms = new MemoryStream();
            e.DataStream.CopyTo(ms);
            if (e.Name == $"snapshots/{slot}/{slot}") manifest = ms.ToArray();
            else if (e.Name == "snapshots/status_cache") status = ms.ToArray();
        }
        return (manifest ?? throw new InvalidDataException("template has no manifest"), status ?? throw new InvalidDataException("template has no status cache"));
    }

    /// <summary>Replaces the storages map (found by re-serializing the template's), the capitalization and the trailing lt hash.</summary>
    private static byte[] PatchManifest(byte[] bytes, SnapshotManifest template, List<(ulong Slot, ulong Id, int Length)> storages, ulong capitalization, byte[] lt)
    {
        var groups = template.AccountsDb.Storages.GroupBy(s => s.Slot).ToList();
        var start = -1;
        var oldLength = 0;
        foreach (var order in Permutations(groups))
        {
            var candidate = SerializeStorages(order.Select(g => (g.Key, g.Select(s => (s.Id, s.AccountsCurrentLen)).ToList())).ToList());
            start = bytes.AsSpan().IndexOf(candidate);
            if (start >= 0)
            {
                oldLength = candidate.Length;
                break;
            }
        }
        if (start < 0) throw new InvalidDataException("storages map not found in the template manifest");
        var prefix = bytes[..start];
        var suffix = bytes[(start + oldLength)..];
        var capBytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(capBytes, template.Bank.Capitalization);
        var capAt = prefix.AsSpan().LastIndexOf(capBytes);
        if (capAt < 0) throw new InvalidDataException("capitalization not found in the template manifest");
        BinaryPrimitives.WriteUInt64LittleEndian(prefix.AsSpan(capAt), capitalization);
        var stored = template.Extra.AccountsLtHash ?? throw new InvalidDataException("template manifest has no lt hash");
        if (!suffix.AsSpan(suffix.Length - LtHash.Size).SequenceEqual(stored.Bytes)) throw new InvalidDataException("template lt hash is not the last field");
        lt.CopyTo(suffix, suffix.Length - LtHash.Size);
        var newStorages = SerializeStorages(storages.GroupBy(s => s.Slot).Select(g => (g.Key, g.Select(s => (s.Id, (ulong)s.Length)).ToList())).ToList());
        return [.. prefix, .. newStorages, .. suffix];
    }

    private static byte[] SerializeStorages(List<(ulong Slot, List<(ulong Id, ulong Length)> Entries)> slots)
    {
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write((ulong)slots.Count);
        foreach (var (slot, entries) in slots)
        {
            w.Write(slot);
            w.Write((ulong)entries.Count);
            foreach (var (id, length) in entries)
            {
                w.Write(id);
                w.Write(length);
            }
        }
        return ms.ToArray();
    }

    private static IEnumerable<List<T>> Permutations<T>(List<T> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var p in Permutations(rest)) yield return [items[i], .. p];
        }
    }
}
