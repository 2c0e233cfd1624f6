using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>
/// Reads another stream on a background thread into a few buffers ahead of the consumer, so decompression runs on
/// its own core while the consumer parses. An error of the inner stream is rethrown, unchanged, by the
/// <see cref="Read(Span{byte})"/> that reaches it.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private readonly Stream _inner;
    private readonly BlockingCollection<byte[]> _free;
    private readonly BlockingCollection<Filled> _filled;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Filled _current;
    private int _position;
    private bool _ended;

    public ReadAheadStream(Stream inner, int bufferBytes = 4 << 20, int buffers = 4)
    {
        _inner = inner;
        _free = new BlockingCollection<byte[]>(buffers);
        for (var i = 0; i < buffers; i++) _free.Add(GC.AllocateUninitializedArray<byte>(bufferBytes));
        _filled = new BlockingCollection<Filled>(buffers + 1);
        _thread = new Thread(Produce) { IsBackground = true, Name = "stratus-read-ahead" };
        _thread.Start();
    }

    private readonly record struct Filled(byte[]? Buffer, int Length, ExceptionDispatchInfo? Error);

    private void Produce()
    {
        try
        {
            while (true)
            {
                var buffer = _free.Take(_stop.Token);
                var length = 0;
                while (length < buffer.Length)
                {
                    var read = _inner.Read(buffer, length, buffer.Length - length);
                    if (read == 0) break;
                    length += read;
                }
                if (length > 0) _filled.Add(new Filled(buffer, length, null), _stop.Token);
                if (length < buffer.Length)
                {
                    _filled.Add(new Filled(null, 0, null), _stop.Token);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            try
            {
                _filled.Add(new Filled(null, 0, ExceptionDispatchInfo.Capture(e)), _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (_current.Buffer == null || _position == _current.Length)
        {
            if (_ended) return 0;
            if (_current.Buffer != null) _free.Add(_current.Buffer);
            _current = _filled.Take();
            _position = 0;
            if (_current.Error is { } error)
            {
                _ended = true;
                _current = default;
                error.Throw();
            }
            if (_current.Buffer == null)
            {
                _ended = true;
                return 0;
            }
        }
        var n = Math.Min(buffer.Length, _current.Length - _position);
        _current.Buffer.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _thread.Join();
            _inner.Dispose();
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }
}
