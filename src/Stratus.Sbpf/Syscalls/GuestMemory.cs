using System.Buffers.Binary;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Syscalls;

/// <summary>
/// Agave's syscall-side translation helpers over a <see cref="VmContext"/>'s memory
/// (bpf_loader/src/syscalls/mod.rs <c>translate_type</c>, <c>translate_slice</c>,
/// <c>translate_slice_of_slices</c>, <c>translate_string_and_do</c>).
/// </summary>
/// <remarks>
/// Alignment: Agave tests the alignment of the <em>host</em> address. Every region it maps is backed by
/// a 16-byte aligned buffer, so that is the offset into the region's backing buffer modulo the
/// alignment; this class judges it the same way (as if each backing array started 16-aligned).
/// </remarks>
public static class GuestMemory
{
    /// <summary>Size of a guest <c>&amp;[T]</c> (VmSlice): u64 pointer, u64 length.</summary>
    public const int SliceDescriptorSize = 16;

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
    /// Agave <c>translate_slice::&lt;T&gt;</c> for <paramref name="count"/> elements of
    /// <paramref name="elementSize"/> bytes: empty for 0 elements (nothing mapped or checked);
    /// InvalidLength when count × size (saturating) exceeds isize::MAX; then the mapping, then
    /// (when <see cref="VmContext.CheckAligned"/>) <c>UnalignedPointer</c>.
    /// </summary>
    public static SyscallError? TranslateSlice(VmContext vm, AccessType access, ulong vaddr, ulong count, int elementSize, int alignment, out Span<byte> bytes)
    {
        bytes = default;
        if (count == 0) return null;
        ulong total = count > ulong.MaxValue / (ulong)elementSize ? ulong.MaxValue : count * (ulong)elementSize;
        if (total > long.MaxValue) return SyscallError.InvalidLength;
        return Map(vm, access, vaddr, total, alignment, out bytes);
    }

    /// <summary>
    /// Agave <c>translate_type::&lt;T&gt;</c> (Load) / <c>translate_type_mut</c> (Store): the mapping of
    /// <paramref name="size"/> bytes, then the alignment check.
    /// </summary>
    public static SyscallError? TranslateType(VmContext vm, AccessType access, ulong vaddr, int size, int alignment, out Span<byte> bytes) =>
        Map(vm, access, vaddr, (ulong)size, alignment, out bytes);

    /// <summary>
    /// Agave <c>translate_slice_of_slices::&lt;u8&gt;</c>: the array of 16-byte (ptr, len) descriptors,
    /// 8-aligned. Read them with <see cref="ReadSliceDescriptor"/> and translate each with
    /// <see cref="TranslateBytes"/> (<c>VmSlice::translate</c>).
    /// </summary>
    public static SyscallError? TranslateSliceOfSlices(VmContext vm, ulong vaddr, ulong count, out Span<byte> descriptors) =>
        TranslateSlice(vm, AccessType.Load, vaddr, count, SliceDescriptorSize, 8, out descriptors);

    /// <summary>The (pointer, length) of descriptor <paramref name="index"/>.</summary>
    public static (ulong Pointer, ulong Length) ReadSliceDescriptor(ReadOnlySpan<byte> descriptors, int index)
    {
        var d = descriptors.Slice(index * SliceDescriptorSize, SliceDescriptorSize);
        return (BinaryPrimitives.ReadUInt64LittleEndian(d), BinaryPrimitives.ReadUInt64LittleEndian(d[8..]));
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

    /// <summary>
    /// Agave's <c>is_nonoverlapping</c> on two address ranges: the distance between the starts is at
    /// least the length of the lower range. Empty ranges never overlap.
    /// </summary>
    public static bool IsNonOverlapping(ulong src, ulong srcLength, ulong dst, ulong dstLength) =>
        src > dst ? src - dst >= dstLength : dst - src >= srcLength;

    /// <summary>
    /// <see cref="IsNonOverlapping"/> on the host memory behind two translated spans (Agave compares
    /// the host pointers): spans over different buffers never overlap; an empty span (Agave's dangling
    /// pointer) overlaps nothing.
    /// </summary>
    public static bool HostNonOverlapping(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => !a.Overlaps(b);

    private static SyscallError? Map(VmContext vm, AccessType access, ulong vaddr, ulong length, int alignment, out Span<byte> bytes)
    {
        bytes = default;
        var error = vm.Memory.Locate(access, vaddr, length, out var region, out int offset);
        if (error != null) return SyscallError.FromVm(error);
        int hostOffset = region!.Offset + offset;
        bytes = region.RawBuffer.AsSpan(hostOffset, (int)length);
        if (vm.CheckAligned && alignment > 1 && hostOffset % alignment != 0)
        {
            bytes = default;
            return SyscallError.UnalignedPointer;
        }
        return null;
    }
}
