using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.Zstd;

/// <summary>
/// One-shot zstd frames between caller buffers with reused contexts (no allocation per call). One instance per
/// thread. Frames carry their content size and no checksum: callers that store them know both lengths.
/// </summary>
public sealed unsafe class ZstdBlockCodec : IDisposable
{
    private readonly ZstdCCtxHandle _compress;
    private readonly ZstdDCtxHandle _decompress;

    public ZstdBlockCodec(int level)
    {
        _compress = Zstd.CreateContext(level, checksum: false);
        _decompress = OwnedHandle.Create<ZstdDCtxHandle>(ZstdNative.ZSTD_createDCtx, nameof(ZstdNative.ZSTD_createDCtx));
    }

    /// <summary>Worst-case compressed size of <paramref name="length"/> bytes.</summary>
    public static int CompressBound(int length) => checked((int)ZstdNative.ZSTD_compressBound((nuint)length));

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> (at least <see cref="CompressBound"/> bytes); returns the frame's length.</summary>
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            written = ZstdNative.ZSTD_compress2(_compress, dst, (nuint)destination.Length, src, (nuint)source.Length);
        if (ZstdNative.IsError(written)) throw new IOException($"zstd compression failed: {ZstdNative.ErrorName(written)}");
        return (int)written;
    }

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="destination"/> of any size; returns the frame's length,
    /// or -1 when the frame does not fit (incompressible data: store it raw).
    /// </summary>
    public int TryCompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            written = ZstdNative.ZSTD_compress2(_compress, dst, (nuint)destination.Length, src, (nuint)source.Length);
        if (!ZstdNative.IsError(written)) return (int)written;
        if (ZstdNative.ZSTD_getErrorCode(written) == (int)ZstdErrorCode.DstSizeTooSmall) return -1;
        throw new IOException($"zstd compression failed: {ZstdNative.ErrorName(written)}");
    }

    /// <summary>Decompresses one frame into <paramref name="destination"/>; returns the bytes written. Bad input throws <see cref="ZstdException"/>.</summary>
    public int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            written = ZstdNative.ZSTD_decompressDCtx(_decompress, dst, (nuint)destination.Length, src, (nuint)source.Length);
        if (ZstdNative.IsError(written))
            throw new ZstdException((ZstdErrorCode)ZstdNative.ZSTD_getErrorCode(written), ZstdNative.ErrorName(written), 0);
        return (int)written;
    }

    public void Dispose()
    {
        _compress.Dispose();
        _decompress.Dispose();
    }
}
