using System.Runtime.InteropServices;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.Zstd;

/// <summary>P/Invoke declarations for the parts of libzstd 1.5 (zstd.h, zstd_errors.h) we use.</summary>
internal static unsafe partial class ZstdNative
{
    private const string Lib = NativeLibraries.ZstdImport;

    static ZstdNative() => NativeLibraries.Register();

    // Parameter ids from zstd.h (stable API).
    internal const int CompressionLevelParameter = 100; // ZSTD_c_compressionLevel
    internal const int ChecksumFlagParameter = 201;     // ZSTD_c_checksumFlag
    internal const int NbWorkersParameter = 400;        // ZSTD_c_nbWorkers
    internal const int WindowLogMaxParameter = 100;     // ZSTD_d_windowLogMax

    internal const int EndContinue = 0; // ZSTD_e_continue
    internal const int EndFlush = 1;    // ZSTD_e_flush
    internal const int EndFrame = 2;    // ZSTD_e_end

    [StructLayout(LayoutKind.Sequential)]
    internal struct InBuffer
    {
        public byte* Src;
        public nuint Size;
        public nuint Pos;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct OutBuffer
    {
        public byte* Dst;
        public nuint Size;
        public nuint Pos;
    }

    [LibraryImport(Lib)] internal static partial nint ZSTD_createDStream();
    [LibraryImport(Lib)] internal static partial nuint ZSTD_freeDStream(nint stream);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_initDStream(nint stream);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_DCtx_setParameter(nint context, int parameter, int value);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_decompressStream(ZstdDStreamHandle stream, OutBuffer* output, InBuffer* input);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_DStreamInSize();
    [LibraryImport(Lib)] internal static partial nuint ZSTD_DStreamOutSize();

    [LibraryImport(Lib)] internal static partial nint ZSTD_createDCtx();
    [LibraryImport(Lib)] internal static partial nuint ZSTD_freeDCtx(nint context);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_decompressDCtx(ZstdDCtxHandle context, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);
    [LibraryImport(Lib)] internal static partial nint ZSTD_createCCtx();
    [LibraryImport(Lib)] internal static partial nuint ZSTD_freeCCtx(nint context);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_CCtx_setParameter(nint context, int parameter, int value);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_compressStream2(ZstdCCtxHandle context, OutBuffer* output, InBuffer* input, int endOp);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_compress2(ZstdCCtxHandle context, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);
    [LibraryImport(Lib)] internal static partial nuint ZSTD_CStreamOutSize();
    [LibraryImport(Lib)] internal static partial nuint ZSTD_compressBound(nuint srcSize);
    [LibraryImport(Lib)] internal static partial int ZSTD_minCLevel();
    [LibraryImport(Lib)] internal static partial int ZSTD_maxCLevel();

    [LibraryImport(Lib), SuppressGCTransition] internal static partial uint ZSTD_isError(nuint code);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ZSTD_getErrorCode(nuint code);
    [LibraryImport(Lib)] internal static partial byte* ZSTD_getErrorName(nuint code);
    [LibraryImport(Lib)] internal static partial byte* ZSTD_versionString();

    internal static bool IsError(nuint code) => ZSTD_isError(code) != 0;

    internal static string ErrorName(nuint code) => Marshal.PtrToStringUTF8((nint)ZSTD_getErrorName(code)) ?? "unknown error";
}

internal sealed class ZstdDStreamHandle : OwnedHandle
{
    protected override void Destroy(nint native) => ZstdNative.ZSTD_freeDStream(native);
}

internal sealed class ZstdDCtxHandle : OwnedHandle
{
    protected override void Destroy(nint native) => ZstdNative.ZSTD_freeDCtx(native);
}

internal sealed class ZstdCCtxHandle : OwnedHandle
{
    protected override void Destroy(nint native) => ZstdNative.ZSTD_freeCCtx(native);
}
