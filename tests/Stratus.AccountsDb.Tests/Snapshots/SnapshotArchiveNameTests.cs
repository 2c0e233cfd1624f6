using Stratus.AccountsDb.Snapshots;

namespace Stratus.AccountsDb.Tests.Snapshots;

public sealed class SnapshotArchiveNameTests
{
    [Theory]
    [InlineData("snapshot-500-ACaAhqFND5pjXtB4zdaq4Ym5K2Kas3NFbri4tveP114w.tar.zst", 500UL, null, "tar.zst")]
    [InlineData("/x/y/incremental-snapshot-500-600-CRRQdR98cawvYSEWGYEaNSDpq2HC1i5oAEoq7aMLyWFy.tar.zst", 600UL, 500UL, "tar.zst")]
    [InlineData("snapshot-1-5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar.gz", 1UL, null, "tar.gz")]
    [InlineData("snapshot-18446744073709551615-5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar", ulong.MaxValue, null, "tar")]
    public void Parses_standard_names(string name, ulong slot, ulong? baseSlot, string extension)
    {
        var parsed = SnapshotArchiveName.TryParse(name)!;
        Assert.Equal(slot, parsed.Slot);
        Assert.Equal(baseSlot, parsed.BaseSlot);
        Assert.Equal(baseSlot.HasValue, parsed.IsIncremental);
        Assert.Equal(extension, parsed.Extension);
    }

    [Theory]
    [InlineData("snapshot-500-ACaAhqFND5pjXtB4zdaq4Ym5K2Kas3NFbri4tveP114w.zip")]
    [InlineData("snapshot-500-0OIl.tar.zst")]
    [InlineData("snapshot-18446744073709551616-5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar")]
    [InlineData("snapshot--5pgMpQj4MZYWauD1VnoNfmGAdUQCe6VVCSCQMNbDoxf7.tar")]
    [InlineData("test-snapshot-v4.2.0-beta.1.tar.zst")]
    [InlineData("snapshot-1-111111111111111111111111111111111.tar")] // 33 ones decode to 33 bytes
    public void Rejects_other_names(string name) => Assert.Null(SnapshotArchiveName.TryParse(name));
}
