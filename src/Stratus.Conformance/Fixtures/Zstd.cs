using System.Runtime.InteropServices;

namespace Stratus.Conformance.Fixtures;

/// <summary>
/// Single-frame zstd decompression through the system libzstd (Debian <c>libzstd1</c>), for <c>.fix.zst</c> fixtures.
/// </summary>
internal static partial class Zstd
{
    private const string Library = "libzstd.so.1";
    private const ulong ContentSizeUnknown = ulong.MaxValue;
    private const ulong ContentSizeError = ulong.MaxValue - 1;

    /// <summary>Upper bound on a decompressed fixture, so a hostile frame header cannot make us allocate without limit.</summary>
    public const long MaxDecompressedSize = 512L * 1024 * 1024;

    public static bool HasMagic(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && data[0] == 0x28 && data[1] == 0xB5 && data[2] == 0x2F && data[3] == 0xFD;

    [LibraryImport(Library, EntryPoint = "ZSTD_getFrameContentSize")]
    private static unsafe partial ulong GetFrameContentSize(byte* src, nuint srcSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompress")]
    private static unsafe partial nuint Decompress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    private static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint GetErrorName(nuint code);

    /// <summary>Decompresses; on failure returns null and says why (including a missing libzstd).</summary>
    public static unsafe byte[]? TryDecompress(ReadOnlySpan<byte> src, out string? error)
    {
        try
        {
            ulong size;
            fixed (byte* s = src) size = GetFrameContentSize(s, (nuint)src.Length);
            if (size == ContentSizeError) { error = "not a valid zstd frame"; return null; }
            if (size == ContentSizeUnknown) { error = "zstd frame does not record its content size"; return null; }
            if (size > (ulong)MaxDecompressedSize) { error = $"zstd frame claims {size} bytes, above the {MaxDecompressedSize}-byte limit"; return null; }
            var dst = new byte[size];
            nuint written;
            fixed (byte* s = src)
            fixed (byte* d = dst)
                written = Decompress(d, (nuint)dst.Length, s, (nuint)src.Length);
            if (IsError(written) != 0) { error = "zstd: " + Marshal.PtrToStringAnsi(GetErrorName(written)); return null; }
            error = null;
            return written == (nuint)dst.Length ? dst : dst.AsSpan(0, (int)written).ToArray();
        }
        catch (DllNotFoundException)
        {
            error = $"{Library} not found (install the Debian package libzstd1)";
            return null;
        }
    }
}
