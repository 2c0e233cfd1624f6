using Stratus.AccountsDb.Snapshots;

namespace Stratus.AccountsDb.Loading;

/// <summary>An archive opened for staging, with its header (version, manifest, status cache) read.</summary>
internal sealed class ArchiveInput : IDisposable
{
    private ArchiveInput(FileStream stream, SnapshotArchiveReader reader, string path)
    {
        Stream = stream;
        Reader = reader;
        Path = path;
    }

    public FileStream Stream { get; }
    public SnapshotArchiveReader Reader { get; }
    public string Path { get; }

    public static ArchiveInput Open(string path, ulong? baseSlot)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        try
        {
            var readOptions = new SnapshotReadOptions { IncrementalBaseSlot = baseSlot };
            var reader = new SnapshotArchiveReader(stream, readOptions, leaveOpen: true, fileName: System.IO.Path.GetFileName(path));
            try
            {
                reader.ReadHeader();
            }
            catch
            {
                reader.Dispose();
                throw;
            }
            return new ArchiveInput(stream, reader, path);
        }
        catch (SnapshotFormatException e)
        {
            stream.Dispose();
            throw new SnapshotLoadException(SnapshotLoadError.Archive, $"{System.IO.Path.GetFileName(path)}: {e.Message}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Reader.Dispose();
        Stream.Dispose();
    }
}
