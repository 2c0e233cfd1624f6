using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stratus.Sbpf.Memory;

/// <summary>
/// Flat, pinned view of one 4 GiB slot for the interpreter's inline translation. A slot the fast
/// path must not serve (absent, or split into several regions) has zero lengths, which sends every
/// access to <see cref="MemoryMapping.TranslateSlow"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RegionDescriptor
{
    public byte* Host;
    public ulong VmStart;
    public ulong LoadLength;
    public ulong StoreLength;
    public ulong GapMask;
    public int GapShift;
    // pads the descriptor to 64 bytes so indexing is a shift
    private fixed byte _pad[20];

    public const int SlotCount = 5;

    /// <summary>
    /// sbpf's aligned lookup plus <c>vm_to_host</c>: slot by the high 32 bits, then the gap test and
    /// gap-compressed offset. An access that starts in a frame may run on into the next frame's
    /// host bytes (sbpf only tests the first byte against the gap). Null when not served.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* Translate(RegionDescriptor* table, ulong vaddr, ulong length, bool store)
    {
        ulong slot = vaddr >> 32;
        if (slot >= SlotCount)
            return null;
        RegionDescriptor* d = table + slot;
        ulong offset = vaddr - d->VmStart;
        if (((offset >> d->GapShift) & 1) != 0)
            return null;
        ulong host = ((offset & d->GapMask) >> 1) | (offset & ~d->GapMask);
        if (host + length > (store ? d->StoreLength : d->LoadLength))
            return null;
        return d->Host + host;
    }
}
