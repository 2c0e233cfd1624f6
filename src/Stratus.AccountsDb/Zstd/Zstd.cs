using System.Runtime.InteropServices;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.Zstd;

/// <summary>One-shot zstd helpers over libzstd (Debian <c>libzstd1</c>).</summary>
public static unsafe class Zstd
{
    /// <summary>The loaded libzstd version, e.g. "1.5.4".</summary>
    public static string Version
    {
        get
        {
            NativeLibraries.EnsureZstd();
            return Marshal.PtrToStringUTF8((nint)ZstdNative.ZSTD_versionString()) ?? "";
        }
    }

    /// <summary>Compresses <paramref name="data"/> into a single frame.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data, int level = 3, bool checksum = true)
    {
        using var context = CreateContext(level, checksum);
        var bound = ZstdNative.ZSTD_compressBound((nuint)data.Length);
        if (ZstdNative.IsError(bound)) throw new ArgumentException($"input too large for zstd: {ZstdNative.ErrorName(bound)}", nameof(data));
        var output = new byte[checked((int)bound)];
        nuint written;
        fixed (byte* src = data)
        fixed (byte* dst = output)
            written = ZstdNative.ZSTD_compress2(context, dst, (nuint)output.Length, src, (nuint)data.Length);
        if (ZstdNative.IsError(written)) throw new IOException($"zstd compression failed: {ZstdNative.ErrorName(written)}");
        Array.Resize(ref output, (int)written);
        return output;
    }

    /// <summary>Decompresses all frames of <paramref name="compressed"/>; throws <see cref="ZstdException"/> on bad input.</summary>
    public static byte[] Decompress(byte[] compressed, int? windowLogMax = null)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        using var decoder = new ZstdDecompressStream(new MemoryStream(compressed, writable: false), windowLogMax: windowLogMax);
        using var result = new MemoryStream();
        decoder.CopyTo(result);
        return result.ToArray();
    }

    internal static ZstdCCtxHandle CreateContext(int level, bool checksum)
    {
        NativeLibraries.EnsureZstd();
        var min = ZstdNative.ZSTD_minCLevel();
        var max = ZstdNative.ZSTD_maxCLevel();
        if (level < min || level > max) throw new ArgumentOutOfRangeException(nameof(level), level, $"zstd levels are {min}..{max}");
        var handle = OwnedHandle.Create<ZstdCCtxHandle>(ZstdNative.ZSTD_createCCtx, nameof(ZstdNative.ZSTD_createCCtx));
        var native = handle.DangerousGetHandle();
        try
        {
            Check(ZstdNative.ZSTD_CCtx_setParameter(native, ZstdNative.CompressionLevelParameter, level));
            Check(ZstdNative.ZSTD_CCtx_setParameter(native, ZstdNative.ChecksumFlagParameter, checksum ? 1 : 0));
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void Check(nuint result)
    {
        if (ZstdNative.IsError(result)) throw new ArgumentException($"zstd parameter rejected: {ZstdNative.ErrorName(result)}");
    }
}
