using System.Buffers;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.Zstd;

/// <summary>
/// Read-only stream that decodes zstd data from another stream as it is read, so a .tar.zst snapshot can be fed
/// straight to <see cref="System.Formats.Tar.TarReader"/> without a temporary file. Decodes any number of
/// concatenated frames (skippable frames are skipped). Malformed input throws <see cref="ZstdException"/>;
/// input that ends inside a frame throws it with <see cref="ZstdErrorCode.Truncated"/>.
/// </summary>
public sealed unsafe class ZstdDecompressStream : Stream
{
    // A call that consumes no input and produces no output is legal once (e.g. while flushing state);
    // many in a row would mean the decoder is stuck, which must not become a hang.
    private const int MaxCallsWithoutProgress = 8;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly ZstdDStreamHandle _stream;
    private byte[]? _input;
    private int _inputPos;
    private int _inputLength;
    private bool _innerEnded;
    private bool _frameOpen;
    private ZstdException? _failure; // sticky: the decoder state is undefined after an error

    /// <param name="compressed">The zstd data; read sequentially.</param>
    /// <param name="leaveOpen">Leave <paramref name="compressed"/> open when this stream is disposed.</param>
    /// <param name="windowLogMax">
    /// Largest window (log2 bytes) a frame may require; frames asking for more are rejected instead of
    /// allocating it. Null keeps libzstd's default (27, i.e. 128 MiB); snapshots need at most a few MiB.
    /// </param>
    public ZstdDecompressStream(Stream compressed, bool leaveOpen = false, int? windowLogMax = null)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        if (!compressed.CanRead) throw new ArgumentException("the compressed stream is not readable", nameof(compressed));
        NativeLibraries.EnsureZstd();
        _inner = compressed;
        _leaveOpen = leaveOpen;
        _stream = OwnedHandle.Create<ZstdDStreamHandle>(ZstdNative.ZSTD_createDStream, nameof(ZstdNative.ZSTD_createDStream));
        var native = _stream.DangerousGetHandle();
        Check(ZstdNative.ZSTD_initDStream(native));
        if (windowLogMax is { } w) Check(ZstdNative.ZSTD_DCtx_setParameter(native, ZstdNative.WindowLogMaxParameter, w));
        _input = ArrayPool<byte>.Shared.Rent((int)ZstdNative.ZSTD_DStreamInSize());
    }

    /// <summary>Compressed bytes consumed by the decoder so far.</summary>
    public long TotalIn { get; private set; }

    /// <summary>Decompressed bytes returned so far.</summary>
    public long TotalOut { get; private set; }

    public override bool CanRead => _input != null;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override int Read(Span<byte> buffer)
    {
        var input = _input;
        ObjectDisposedException.ThrowIf(input == null, this);
        if (_failure != null) throw _failure;
        if (buffer.IsEmpty) return 0;
        try
        {
            return ReadCore(buffer, input);
        }
        catch (ZstdException e)
        {
            _failure = e;
            throw;
        }
    }

    private int ReadCore(Span<byte> buffer, byte[] input)
    {
        var stalled = 0;
        while (true)
        {
            if (_inputPos == _inputLength && !_innerEnded)
            {
                _inputPos = 0;
                _inputLength = _inner.Read(input, 0, input.Length);
                if (_inputLength == 0) _innerEnded = true;
            }

            var atEnd = _inputPos == _inputLength && _innerEnded;
            if (atEnd && !_frameOpen) return 0;

            ZstdNative.OutBuffer output;
            ZstdNative.InBuffer inBuf;
            nuint result;
            fixed (byte* dst = buffer)
            fixed (byte* src = input)
            {
                output = new ZstdNative.OutBuffer { Dst = dst, Size = (nuint)buffer.Length, Pos = 0 };
                inBuf = new ZstdNative.InBuffer { Src = src + _inputPos, Size = (nuint)(_inputLength - _inputPos), Pos = 0 };
                result = ZstdNative.ZSTD_decompressStream(_stream, &output, &inBuf);
            }
            if (ZstdNative.IsError(result)) throw ZstdException.FromCode(result, TotalIn + (long)inBuf.Pos);

            _inputPos += (int)inBuf.Pos;
            TotalIn += (long)inBuf.Pos;
            // Zero means a frame just ended and everything is flushed; the next byte, if any, starts a new frame.
            _frameOpen = result != 0;
            if (output.Pos > 0)
            {
                TotalOut += (long)output.Pos;
                return (int)output.Pos;
            }

            if (atEnd)
                throw new ZstdException(ZstdErrorCode.Truncated,
                    $"input ended inside a frame (decoder asked for {(ulong)result} more byte(s); {TotalIn} compressed bytes read, {TotalOut} decoded)",
                    TotalIn);
            if (inBuf.Pos == 0 && _inputPos < _inputLength && ++stalled > MaxCallsWithoutProgress)
                throw new ZstdException(ZstdErrorCode.NoProgress, "decoder made no progress", TotalIn);
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            var input = Interlocked.Exchange(ref _input, null);
            if (input != null)
            {
                ArrayPool<byte>.Shared.Return(input);
                _stream.Dispose();
                if (!_leaveOpen) _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private static void Check(nuint result)
    {
        if (ZstdNative.IsError(result)) throw ZstdException.FromCode(result, 0);
    }
}
