using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Stratus.AccountsDb.Native;

/// <summary>
/// Durability and writeback control for files the store writes itself (blob files). Linux only calls; elsewhere the
/// writeback hint is skipped and syncs fall back to .NET's own flush.
/// </summary>
internal static partial class FileSync
{
    private const uint SyncFileRangeWrite = 2;
    private const int OpenReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY

    [LibraryImport("libc.so.6", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);

    [LibraryImport("libc.so.6", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FdataSync(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>
    /// Starts writeback of a just-written range without waiting for it, so dirty pages do not pile up until the kernel's
    /// background threshold (gigabytes on a large machine) and the final sync finds most bytes already on disk.
    /// </summary>
    public static void StartWriteback(SafeFileHandle file, long offset, long count)
    {
        if (!OperatingSystem.IsLinux()) return;
        // Advisory: an error here changes nothing that the final sync does not catch.
        _ = SyncFileRange((int)file.DangerousGetHandle(), offset, count, SyncFileRangeWrite);
    }

    /// <summary>Waits until the file's data is on stable storage.</summary>
    public static void Data(SafeFileHandle file, string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            using var stream = new FileStream(file, FileAccess.ReadWrite);
            stream.Flush(flushToDisk: true);
            return;
        }
        if (FdataSync((int)file.DangerousGetHandle()) != 0)
            throw new IOException($"fdatasync of {path} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Makes the directory's entries (files created or deleted in it) durable.</summary>
    public static void Directory(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(path, OpenReadOnlyDirectory);
        if (fd < 0) throw new IOException($"cannot open directory {path} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Close(fd);
        }
    }
}
