using System.Buffers;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.Zstd;

/// <summary>
/// Write-only stream that zstd-compresses into another stream (used to build test archives and synthetic
/// snapshots). Disposing ends the current frame; <see cref="EndFrame"/> ends it early so the next write starts
/// a new frame (multi-frame output).
/// </summary>
public sealed unsafe class ZstdCompressStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly ZstdCCtxHandle _context;
    private byte[]? _output;
    private bool _frameOpen;

    /// <param name="destination">Receives the compressed bytes.</param>
    /// <param name="level">zstd level (1..22, negative for fast modes; 3 is zstd's default).</param>
    /// <param name="checksum">Append a content checksum to each frame, so corruption is always detected on decode.</param>
    /// <param name="leaveOpen">Leave <paramref name="destination"/> open when this stream is disposed.</param>
    public ZstdCompressStream(Stream destination, int level = 3, bool checksum = true, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite) throw new ArgumentException("the destination stream is not writable", nameof(destination));
        _inner = destination;
        _leaveOpen = leaveOpen;
        _context = Zstd.CreateContext(level, checksum);
        _output = ArrayPool<byte>.Shared.Rent((int)ZstdNative.ZSTD_CStreamOutSize());
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => _output != null;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Uncompressed bytes written so far.</summary>
    public long TotalIn { get; private set; }

    /// <summary>Compressed bytes produced so far.</summary>
    public long TotalOut { get; private set; }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty) return;
        Run(buffer, ZstdNative.EndContinue);
        TotalIn += buffer.Length;
        _frameOpen = true;
    }

    /// <summary>Pushes buffered data out as complete blocks (the frame stays open).</summary>
    public override void Flush()
    {
        Run(ReadOnlySpan<byte>.Empty, ZstdNative.EndFlush);
        _inner.Flush();
    }

    /// <summary>Ends the current frame (if any data was written into it); further writes start a new frame.</summary>
    public void EndFrame()
    {
        if (!_frameOpen) return;
        Run(ReadOnlySpan<byte>.Empty, ZstdNative.EndFrame);
        _frameOpen = false;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _output != null)
        {
            try
            {
                // An empty stream still gets one (empty) frame so the output is valid zstd.
                if (_frameOpen || TotalOut == 0) Run(ReadOnlySpan<byte>.Empty, ZstdNative.EndFrame);
                _inner.Flush();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(_output);
                _output = null;
                _context.Dispose();
                if (!_leaveOpen) _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private void Run(ReadOnlySpan<byte> data, int endOp)
    {
        var output = _output;
        ObjectDisposedException.ThrowIf(output == null, this);
        fixed (byte* src = data)
        fixed (byte* dst = output)
        {
            var input = new ZstdNative.InBuffer { Src = src, Size = (nuint)data.Length, Pos = 0 };
            while (true)
            {
                var outBuf = new ZstdNative.OutBuffer { Dst = dst, Size = (nuint)output.Length, Pos = 0 };
                var remaining = ZstdNative.ZSTD_compressStream2(_context, &outBuf, &input, endOp);
                if (ZstdNative.IsError(remaining)) throw new IOException($"zstd compression failed: {ZstdNative.ErrorName(remaining)}");
                if (outBuf.Pos > 0)
                {
                    _inner.Write(output, 0, (int)outBuf.Pos);
                    TotalOut += (long)outBuf.Pos;
                }
                // continue: done once all input is consumed; flush/end: done once zstd reports nothing left.
                var done = endOp == ZstdNative.EndContinue ? input.Pos == input.Size : remaining == 0;
                if (done) return;
            }
        }
    }
}
