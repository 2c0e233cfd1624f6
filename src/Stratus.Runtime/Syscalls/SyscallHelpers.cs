using Stratus.Runtime.Invoke;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

internal static class SyscallHelpers
{
    public static InvokeContext Invoke(this VmContext vm) =>
        vm.Host as InvokeContext ?? throw new InvalidOperationException("syscall run without an invoke context");

    /// <summary>Agave's <c>translate_type</c>: maps the value's bytes, then (when alignment is checked) requires its alignment.</summary>
    public static SyscallError? TranslateType(VmContext vm, AccessType access, ulong vaddr, int size, int align, out Span<byte> bytes)
    {
        if (!vm.Memory.TryMap(access, vaddr, (ulong)size, out bytes, out var error)) return SyscallError.FromVm(error);
        if (vm.CheckAligned && align > 1 && vaddr % (ulong)align != 0) return SyscallError.UnalignedPointer;
        return null;
    }

    /// <summary>Agave's <c>translate_slice</c> for elements of <paramref name="elementSize"/> bytes and alignment.</summary>
    public static SyscallError? TranslateSlice(VmContext vm, AccessType access, ulong vaddr, ulong count, int elementSize, int align, out Span<byte> bytes)
    {
        bytes = default;
        if (count == 0) return null;
        var total = (UInt128)count * (ulong)elementSize;
        if (total > long.MaxValue) return SyscallError.InvalidLength;
        if (!vm.Memory.TryMap(access, vaddr, (ulong)total, out bytes, out var error)) return SyscallError.FromVm(error);
        if (vm.CheckAligned && align > 1 && vaddr % (ulong)align != 0) return SyscallError.UnalignedPointer;
        return null;
    }

    public static SyscallError? Bytes(VmContext vm, AccessType access, ulong vaddr, ulong length, out Span<byte> bytes) =>
        GuestMemory.TranslateBytes(vm, access, vaddr, length, out bytes);
}
