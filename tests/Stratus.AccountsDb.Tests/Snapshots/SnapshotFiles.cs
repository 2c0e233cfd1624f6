using System.Formats.Tar;
using Stratus.AccountsDb.Snapshots;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Snapshots;

internal static class SnapshotFiles
{
    public const string Sig2024Full = "snapshots/sig-2024/snapshot-500-ACaAhqFND5pjXtB4zdaq4Ym5K2Kas3NFbri4tveP114w.tar.zst";
    public const string Sig2024Incremental = "snapshots/sig-2024/incremental-snapshot-500-600-CRRQdR98cawvYSEWGYEaNSDpq2HC1i5oAEoq7aMLyWFy.tar.zst";
    public const string Sig2024Genesis = "snapshots/sig-2024/genesis.bin";
    public const string Sig2025Full = "snapshots/sig-2025/snapshot-1-5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar.zst";
    public const string Sig2025Incremental = "snapshots/sig-2025/incremental-snapshot-1-4-43FT6mnmRW9XbxpCzqH3ogYexHXboG7d8vmf3gBLvLrR.tar.zst";
    public const string Sig2025Genesis = "snapshots/sig-2025/genesis.bin";
    public const string Sig2025AccountFile = "snapshots/sig-2025/test_account_file";
    public const string AgaveV42 = "snapshots/sig-agave-v4.2/test-snapshot-v4.2.0-beta.1.tar.zst";
    public const string AgaveV42Json = "snapshots/sig-agave-v4.2/test-snapshot-v4.2.0-beta.1.json";

    public static SnapshotArchiveReader Open(string relative, SnapshotReadOptions? options = null)
        => SnapshotArchiveReader.Open(SharedData.DataPath(relative), options);
}

/// <summary>A tar entry held in memory, for rebuilding (and corrupting) archives.</summary>
internal sealed record ArchiveEntry(string Name, TarEntryType Type, byte[] Data)
{
    public ArchiveEntry With(byte[] data) => this with { Data = data };
}

internal static class ArchiveRewriter
{
    /// <summary>The entries of a .tar.zst archive, in order.</summary>
    public static List<ArchiveEntry> Read(string relative)
    {
        var tar = Stratus.AccountsDb.Zstd.Zstd.Decompress(File.ReadAllBytes(SharedData.DataPath(relative)));
        var list = new List<ArchiveEntry>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } e)
        {
            var data = new MemoryStream();
            e.DataStream?.CopyTo(data);
            list.Add(new ArchiveEntry(e.Name, e.EntryType, data.ToArray()));
        }
        return list;
    }

    public static byte[] Tar(IEnumerable<ArchiveEntry> entries)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var e in entries)
            {
                var entry = new GnuTarEntry(e.Type == TarEntryType.V7RegularFile ? TarEntryType.RegularFile : e.Type, e.Name);
                if (e.Type is TarEntryType.SymbolicLink) entry.LinkName = "elsewhere";
                else if (e.Type != TarEntryType.Directory) entry.DataStream = new MemoryStream(e.Data);
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    public static byte[] TarZst(IEnumerable<ArchiveEntry> entries) => Stratus.AccountsDb.Zstd.Zstd.Compress(Tar(entries));

    /// <summary>Replaces the data of the entry named <paramref name="name"/>.</summary>
    public static List<ArchiveEntry> Replace(this List<ArchiveEntry> entries, string name, Func<byte[], byte[]> change)
        => entries.Select(e => e.Name == name ? e.With(change((byte[])e.Data.Clone())) : e).ToList();

    public static SnapshotArchiveReader OpenBytes(byte[] archive, SnapshotReadOptions? options = null)
        => new(new MemoryStream(archive), options);

    /// <summary>Reads an archive to the end (header and every accounts file).</summary>
    public static (SnapshotArchiveReader Reader, int Files, int Accounts) ReadAll(SnapshotArchiveReader reader)
    {
        reader.ReadHeader();
        var files = 0;
        var accounts = 0;
        while (reader.TryReadNextAccountsFile(out var file))
        {
            files++;
            accounts += file.AccountCount;
        }
        return (reader, files, accounts);
    }
}
