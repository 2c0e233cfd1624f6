using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Serialization;

/// <summary>
/// One region of the input address space: <see cref="Length"/> host bytes of <see cref="Host"/> at
/// <see cref="HostOffset"/>, mapped at <see cref="VmAddr"/>. <see cref="AddressSpaceReserved"/> is the
/// guest span it occupies; it exceeds <see cref="Length"/> only for post-2.2 data regions, whose tail
/// is room to grow into. <see cref="AccountIndex"/> is the instruction account whose data the region
/// holds, or -1 for serialized metadata.
/// </summary>
public readonly record struct InputRegion(
    ulong VmAddr,
    byte[] Host,
    int HostOffset,
    int Length,
    ulong AddressSpaceReserved,
    bool Writable,
    int AccountIndex)
{
    public ReadOnlySpan<byte> Span => Host.AsSpan(HostOffset, Length);

    public MemoryRegion ToMemoryRegion() => new(Host, HostOffset, Length, VmAddr, Writable);
}
