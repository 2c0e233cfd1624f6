namespace Stratus.Sbpf.Memory;

/// <summary>
/// A host buffer slice mapped at a guest address. A gapped region (the V0 stack) maps
/// <see cref="GapSize"/>-byte frames separated by equally large unmapped gaps, so it spans twice its
/// length in the guest address space. <see cref="Buffer"/>, <see cref="Offset"/> and <see cref="Writable"/>
/// may change while a VM runs (sbpf's <c>host_addr</c> and <c>state</c> cells, which Agave's CPI updates
/// under direct mapping); change them only through <see cref="MemoryMapping"/>, which keeps its pins and
/// fast-path table in step.
/// </summary>
public sealed class MemoryRegion
{
    public MemoryRegion(byte[] buffer, int offset, int length, ulong vmAddr, bool writable, ulong gapSize = 0)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if ((uint)offset > (uint)buffer.Length || (uint)length > (uint)(buffer.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(length), "region exceeds its buffer");
        if (gapSize != 0 && (gapSize & (gapSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(gapSize), "gap size must be a power of two");
        Buffer = buffer;
        Offset = offset;
        Length = length;
        VmAddr = vmAddr;
        Writable = writable;
        GapSize = gapSize;
    }

    public byte[] Buffer { get; internal set; }
    public int Offset { get; internal set; }
    public int Length { get; }
    public ulong VmAddr { get; }
    public bool Writable { get; internal set; }
    public ulong GapSize { get; }

    /// <summary>End of the guest range (twice the length for a gapped region).</summary>
    public ulong VmAddrEnd => VmAddr + (ulong)Length * (GapSize != 0 ? 2UL : 1UL);

    public Span<byte> Span => Buffer.AsSpan(Offset, Length);

    public static MemoryRegion CreateReadOnly(byte[] buffer, ulong vmAddr) => new(buffer, 0, buffer.Length, vmAddr, false);

    public static MemoryRegion CreateWritable(byte[] buffer, ulong vmAddr) => new(buffer, 0, buffer.Length, vmAddr, true);

    public static MemoryRegion CreateGapped(byte[] buffer, ulong vmAddr, ulong gapSize) => new(buffer, 0, buffer.Length, vmAddr, true, gapSize);

    /// <summary>log2 of the gap size, or 63 for an ungapped region (sbpf's <c>vm_gap_shift</c>).</summary>
    internal int GapShift => GapSize == 0 ? 63 : System.Numerics.BitOperations.Log2(GapSize);
}
