using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Syscalls;

/// <summary>Agave's syscall-side translation helpers over a <see cref="VmContext"/>'s memory.</summary>
public static class GuestMemory
{
    /// <summary>
    /// Agave <c>translate_slice::&lt;u8&gt;</c>: an empty slice for length 0 (no translation),
    /// InvalidLength above isize::MAX, otherwise the mapped bytes or the access violation.
    /// </summary>
    public static SyscallError? TranslateBytes(VmContext vm, AccessType access, ulong vaddr, ulong length, out Span<byte> bytes)
    {
        bytes = default;
        if (length == 0) return null;
        if (length > long.MaxValue) return SyscallError.InvalidLength;
        return vm.Memory.TryMap(access, vaddr, length, out bytes, out var error) ? null : SyscallError.FromVm(error);
    }

    /// <summary>
    /// Agave <c>translate_string_and_do</c>'s first half: the bytes as a UTF-8 string, or
    /// <c>InvalidString</c> ("{Utf8Error}: {bytes:?}").
    /// </summary>
    public static SyscallError? TranslateString(VmContext vm, ulong vaddr, ulong length, out string text)
    {
        text = string.Empty;
        var error = TranslateBytes(vm, AccessType.Load, vaddr, length, out var bytes);
        if (error != null) return error;
        var utf8Error = RustUtf8.Validate(bytes);
        if (utf8Error != null)
            return new SyscallError(SyscallErrorKind.InvalidString, $"{utf8Error}: {RustUtf8.DebugBytes(bytes)}");
        text = System.Text.Encoding.UTF8.GetString(bytes);
        return null;
    }
}
