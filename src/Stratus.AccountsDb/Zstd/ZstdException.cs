namespace Stratus.AccountsDb.Zstd;

/// <summary>Why zstd data was rejected. Values other than <see cref="Truncated"/> are libzstd's ZSTD_ErrorCode.</summary>
public enum ZstdErrorCode
{
    /// <summary>The input ended inside a frame (e.g. a partially downloaded archive).</summary>
    Truncated = -1,
    Generic = 1,
    /// <summary>Not a zstd frame: bad magic number ("Unknown frame descriptor").</summary>
    PrefixUnknown = 10,
    VersionUnsupported = 12,
    FrameParameterUnsupported = 14,
    /// <summary>The frame needs a larger window than the decoder allows (see windowLogMax).</summary>
    FrameParameterWindowTooLarge = 16,
    CorruptionDetected = 20,
    /// <summary>The frame's content checksum does not match the decoded data.</summary>
    ChecksumWrong = 22,
    LiteralsHeaderWrong = 24,
    DictionaryCorrupted = 30,
    DictionaryWrong = 32,
    ParameterUnsupported = 40,
    ParameterOutOfBound = 42,
    TableLogTooLarge = 44,
    MaxSymbolValueTooLarge = 46,
    MaxSymbolValueTooSmall = 48,
    MemoryAllocation = 64,
    DstSizeTooSmall = 70,
    SrcSizeWrong = 72,
    /// <summary>The decoder made no progress although input and output space were available.</summary>
    NoProgress = 1000,
}

/// <summary>
/// Malformed or truncated zstd input, with libzstd's reason and where in the compressed input it was found.
/// An <see cref="IOException"/> (InvalidDataException is sealed), so stream consumers such as TarReader pass it through.
/// </summary>
public sealed class ZstdException : IOException
{
    public ZstdException(ZstdErrorCode errorCode, string reason, long compressedOffset)
        : base($"zstd: {reason} (code {errorCode}) near compressed offset {compressedOffset}")
    {
        ErrorCode = errorCode;
        Reason = reason;
        CompressedOffset = compressedOffset;
    }

    public ZstdErrorCode ErrorCode { get; }

    /// <summary>libzstd's error name (ZSTD_getErrorName) or our description for truncation.</summary>
    public string Reason { get; }

    /// <summary>Compressed bytes consumed by the decoder when the error was detected.</summary>
    public long CompressedOffset { get; }

    internal static ZstdException FromCode(nuint code, long offset) =>
        new((ZstdErrorCode)ZstdNative.ZSTD_getErrorCode(code), ZstdNative.ErrorName(code), offset);
}
