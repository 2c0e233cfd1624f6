using Stratus.Sbpf;

namespace Stratus.Runtime.Logging;

/// <summary>
/// A transaction's program log (Agave's <c>LogCollector</c>): lines are kept until their total length
/// would reach the byte limit; the first line that would cross it is replaced by "Log truncated" and every
/// later line is dropped.
/// </summary>
public sealed class LogCollector : IVmLogSink
{
    /// <summary>Agave's default limit (LOG_MESSAGES_BYTES_LIMIT = 10 * 1000).</summary>
    public const int DefaultBytesLimit = 10 * 1000;

    public const string TruncatedMessage = "Log truncated";

    private readonly List<string> _messages = new();
    private readonly int? _bytesLimit;
    private int _bytesWritten;
    private bool _limitWarning;

    /// <param name="bytesLimit">Null for no limit.</param>
    public LogCollector(int? bytesLimit = DefaultBytesLimit) => _bytesLimit = bytesLimit;

    public IReadOnlyList<string> Messages => _messages;

    public int BytesWritten => _bytesWritten;

    public bool IsTruncated => _limitWarning;

    public void Log(string message)
    {
        if (_bytesLimit is not { } limit)
        {
            _messages.Add(message);
            return;
        }
        // The limit counts UTF-8 bytes, as Rust's str::len does.
        var written = _bytesWritten + System.Text.Encoding.UTF8.GetByteCount(message);
        if (written >= limit)
        {
            if (!_limitWarning)
            {
                _limitWarning = true;
                _messages.Add(TruncatedMessage);
            }
            return;
        }
        _bytesWritten = written;
        _messages.Add(message);
    }

    public string[] ToArray() => _messages.ToArray();
}
