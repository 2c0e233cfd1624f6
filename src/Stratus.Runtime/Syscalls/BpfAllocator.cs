using Stratus.Sbpf;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// Agave's <c>BpfAllocator</c> behind <c>sol_alloc_free_</c>: a bump allocator over the heap region
/// that never frees.
/// </summary>
public sealed class BpfAllocator(ulong length)
{
    /// <summary>Bytes of heap (the transaction's heap size).</summary>
    public ulong Length { get; } = length;

    /// <summary>Offset of the next free byte.</summary>
    public ulong Position { get; private set; }

    /// <summary>
    /// Aligns the position up (as a pointer would be), then takes <paramref name="size"/> bytes if
    /// they fit; returns the guest address or false.
    /// </summary>
    public bool TryAllocate(ulong size, ulong alignment, out ulong address)
    {
        ulong padding = (alignment - Position % alignment) % alignment;
        ulong aligned = Saturating(Position, padding);
        if (Saturating(aligned, size) <= Length)
        {
            address = MemoryLayout.HeapStart + aligned;
            Position = aligned + size;
            return true;
        }
        address = 0;
        return false;
    }

    private static ulong Saturating(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;
}
