using Stratus.AccountsDb.Snapshots;

namespace Stratus.AccountsDb.Tests.Snapshots;

public class ReadAheadStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(10_000_001)]
    public void Returns_the_inner_bytes_in_order(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        using var stream = new ReadAheadStream(new MemoryStream(bytes), bufferBytes: 1 << 20, buffers: 3);
        var copy = new MemoryStream();
        var chunk = new byte[7777];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0) copy.Write(chunk, 0, read);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(0, stream.Read(chunk, 0, chunk.Length));
    }

    [Fact]
    public void An_inner_error_is_rethrown_after_the_bytes_before_it()
    {
        using var stream = new ReadAheadStream(new FailingStream(3 << 20), bufferBytes: 1 << 20, buffers: 2);
        var buffer = new byte[1 << 20];
        long total = 0;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) total += read;
        });
        Assert.Equal("bad frame", e.Message);
        Assert.Equal(3 << 20, total);
    }

    [Fact]
    public void Disposing_before_the_end_stops_the_reader()
    {
        var inner = new MemoryStream(new byte[64 << 20]);
        var stream = new ReadAheadStream(inner, bufferBytes: 1 << 20, buffers: 2);
        Assert.Equal(10, stream.Read(new byte[10], 0, 10));
        stream.Dispose();
        Assert.False(inner.CanRead, "the inner stream is disposed with it");
    }

    private sealed class FailingStream(long goodBytes) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= goodBytes) throw new InvalidDataException("bad frame");
            var n = (int)Math.Min(count, goodBytes - _position);
            _position += n;
            return n;
        }
    }
}
