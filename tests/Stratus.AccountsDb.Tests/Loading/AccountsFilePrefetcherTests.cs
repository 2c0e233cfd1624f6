using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Tests.Snapshots;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Loading;

public class AccountsFilePrefetcherTests
{
    [SharedFact(SnapshotFiles.Sig2024Full)]
    public void Hands_out_the_same_files_as_the_reader_in_order()
    {
        var expected = new List<(ulong Slot, ulong Id, byte[] Bytes)>();
        using (var reader = SnapshotFiles.Open(SnapshotFiles.Sig2024Full))
            while (reader.TryReadNextAccountsFile(out var file)) expected.Add((file.Slot, file.Id, file.ValidBytes.ToArray()));
        Assert.True(expected.Count > 3, "more files than prefetch buffers");

        using var stream = File.OpenRead(SharedData.DataPath(SnapshotFiles.Sig2024Full));
        using var archive = new SnapshotArchiveReader(stream, leaveOpen: true);
        archive.ReadHeader();
        using var prefetcher = new AccountsFilePrefetcher(archive, stream, buffers: 2);
        var actual = new List<(ulong, ulong, byte[])>();
        while (prefetcher.TryTake(out var file)) actual.Add((file.Slot, file.Id, file.ValidBytes.ToArray()));
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Slot, actual[i].Item1);
            Assert.Equal(expected[i].Id, actual[i].Item2);
            Assert.Equal(expected[i].Bytes, actual[i].Item3);
        }
        Assert.Equal(stream.Length, prefetcher.ArchivePosition);
        Assert.False(prefetcher.TryTake(out _));
    }

    [SharedFact(SnapshotFiles.Sig2024Full)]
    public void A_damaged_archive_fails_on_the_consumer_thread_with_the_readers_error()
    {
        var bytes = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.Sig2024Full));
        using var stream = new MemoryStream(bytes[..(bytes.Length * 3 / 4)]);
        using var archive = new SnapshotArchiveReader(stream, leaveOpen: true);
        archive.ReadHeader();
        using var prefetcher = new AccountsFilePrefetcher(archive, stream);
        Assert.Throws<SnapshotFormatException>(() =>
        {
            while (prefetcher.TryTake(out _)) { }
        });
    }

    [SharedFact(SnapshotFiles.Sig2024Full)]
    public void Disposing_early_stops_the_background_reader()
    {
        using var stream = File.OpenRead(SharedData.DataPath(SnapshotFiles.Sig2024Full));
        using var archive = new SnapshotArchiveReader(stream, leaveOpen: true);
        archive.ReadHeader();
        var prefetcher = new AccountsFilePrefetcher(archive, stream, buffers: 1);
        Assert.True(prefetcher.TryTake(out _));
        prefetcher.Dispose();
    }
}
