using System.IO.Compression;
using Stratus.AccountsDb.Zstd;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>An exception thrown by the decompression layer, tagged so it is not confused with a tar-layer error.</summary>
internal sealed class DecompressionFailedException(Exception inner) : IOException(inner.Message, inner);

/// <summary>
/// Forwards reads to the decompressor and wraps whatever it throws in <see cref="DecompressionFailedException"/>
/// (TarReader passes IOExceptions through unchanged).
/// </summary>
internal sealed class GuardedStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException)
        {
            throw new DecompressionFailedException(e);
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Replays a few already-read bytes, then continues with the rest of the stream (used to sniff the format).</summary>
internal sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream inner, bool leaveOpen) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefixLength && !buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, prefixLength - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        return inner.Read(buffer);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Archive compression, recognized from the first bytes.</summary>
public enum ArchiveCompression
{
    None,
    Zstd,
    Gzip,
    Bzip2,
    Lz4,
}

internal static class ArchiveStreams
{
    /// <summary>Sniffs the compression and returns a stream of tar bytes.</summary>
    public static Stream OpenTar(Stream archive, bool leaveOpen, out ArchiveCompression compression)
    {
        var head = new byte[4];
        var n = 0;
        try
        {
            while (n < head.Length)
            {
                var r = archive.Read(head, n, head.Length - n);
                if (r == 0) break;
                n += r;
            }
        }
        catch (IOException e)
        {
            throw new SnapshotFormatException(SnapshotError.Io, $"cannot read the archive: {e.Message}", inner: e);
        }

        compression = n < 4 ? ArchiveCompression.None : (head[0], head[1], head[2], head[3]) switch
        {
            (0x28, 0xB5, 0x2F, 0xFD) => ArchiveCompression.Zstd,
            (0x1F, 0x8B, _, _) => ArchiveCompression.Gzip,
            (0x42, 0x5A, 0x68, _) => ArchiveCompression.Bzip2,
            (0x04, 0x22, 0x4D, 0x18) => ArchiveCompression.Lz4,
            _ => ArchiveCompression.None,
        };
        var replay = new PrefixedStream(head, n, archive, leaveOpen);
        switch (compression)
        {
            case ArchiveCompression.Zstd:
                // Snapshot frames use windows of a few MiB; 2^27 (libzstd's default cap) leaves ample room.
                return new GuardedStream(new ZstdDecompressStream(replay, leaveOpen: false, windowLogMax: 27));
            case ArchiveCompression.Gzip:
                return new GuardedStream(new GZipStream(replay, CompressionMode.Decompress, leaveOpen: false));
            case ArchiveCompression.None:
                return replay;
            default:
                replay.Dispose();
                throw new SnapshotFormatException(SnapshotError.UnsupportedCompression,
                    $"{compression} archives are not supported (use .tar.zst, .tar.gz or .tar)");
        }
    }
}
