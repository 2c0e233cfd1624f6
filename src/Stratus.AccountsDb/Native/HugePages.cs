using System.Runtime.InteropServices;

namespace Stratus.AccountsDb.Native;

/// <summary>
/// Asks Linux to back large, long-lived buffers with transparent huge pages. First touch of fresh memory is costly on
/// virtual machines (a guest and a host page fault per 4 KiB page); with 2 MiB pages the loader's staging memory
/// faults in about four times faster. Advisory only: where it is not supported nothing changes.
/// </summary>
internal static partial class HugePages
{
    private const int MadviseHugePage = 14;
    private const int HugePageBytes = 2 << 20;

    [LibraryImport("libc.so.6", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    /// <summary>Advises the whole 2 MiB-aligned pages inside <paramref name="array"/> (call before first writing to it).</summary>
    public static unsafe void Advise(byte[] array)
    {
        if (!OperatingSystem.IsLinux() || array.Length < 2 * HugePageBytes) return;
        fixed (byte* start = array)
        {
            var first = ((nint)start + HugePageBytes - 1) & ~(nint)(HugePageBytes - 1);
            var end = ((nint)start + array.Length) & ~(nint)(HugePageBytes - 1);
            if (end <= first) return;
            try
            {
                Madvise(first, (nuint)(end - first), MadviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc: the buffers just use normal pages.
            }
        }
    }
}
