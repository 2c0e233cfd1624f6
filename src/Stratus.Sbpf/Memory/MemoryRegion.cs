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
        _buffer = buffer;
        Offset = offset;
        Length = length;
        VmAddr = vmAddr;
        Writable = writable;
        GapSize = gapSize;
    }

    private byte[] _buffer;

    /// <summary>
    /// The host buffer. Handing it out lets the caller touch any byte, so a region that tracks what the
    /// guest could reach counts as wholly touched; map a range with <see cref="HostSpan"/> instead.
    /// </summary>
    public byte[] Buffer
    {
        get
        {
            if (TracksTouched) TouchAll();
            return _buffer;
        }
        internal set => _buffer = value;
    }

    /// <summary>The buffer without marking anything touched (pinning, identity tests).</summary>
    internal byte[] RawBuffer => _buffer;

    /// <summary>
    /// Whether the region records the host range [<see cref="TouchedStart"/>, <see cref="TouchedEnd"/>)
    /// that anything could have read or written (the VM's pooled stack and heap: only that range has to
    /// be zeroed again before the buffer is reused). The fast-path table serves only that range; other
    /// accesses go through <see cref="MemoryMapping.Locate"/> or <see cref="HostSpan"/>, which widen it.
    /// </summary>
    internal bool TracksTouched { get; private set; }
    internal int TouchedStart { get; private set; }
    internal int TouchedEnd { get; private set; }

    // Widening in 4 KiB steps keeps slow-path hits to about one per stack frame first used.
    private const int TouchGranule = 4096;

    internal void StartTracking()
    {
        TracksTouched = true;
        // Gapped (fixed-frame) stacks grow up from frame 0; the table can only serve a prefix of them.
        TouchedStart = GapSize != 0 ? 0 : Length;
        TouchedEnd = 0;
    }

    /// <summary>Marks region bytes [offset, offset + length) as reachable; true when the range grew.</summary>
    internal bool Touch(int offset, int length)
    {
        if (!TracksTouched || length <= 0) return false;
        int lo = offset & ~(TouchGranule - 1);
        long hiL = ((long)offset + length + TouchGranule - 1) & ~(long)(TouchGranule - 1);
        int hi = (int)Math.Min(hiL, Length);
        bool grew = false;
        if (TouchedEnd <= TouchedStart && GapSize == 0)
        {
            TouchedStart = lo;
            TouchedEnd = hi;
            return true;
        }
        if (lo < TouchedStart) { TouchedStart = lo; grew = true; }
        if (hi > TouchedEnd) { TouchedEnd = hi; grew = true; }
        return grew;
    }

    internal void TouchAll()
    {
        TouchedStart = 0;
        TouchedEnd = Length;
    }

    /// <summary>Host bytes [offset, offset + length) of the region (offset relative to the region), marked touched.</summary>
    public Span<byte> HostSpan(int offset, int length)
    {
        Touch(offset, length);
        return _buffer.AsSpan(Offset + offset, length);
    }
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
