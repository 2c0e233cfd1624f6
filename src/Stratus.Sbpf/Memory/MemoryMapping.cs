using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stratus.Sbpf.Memory;

/// <summary>
/// The guest address space: sbpf's aligned memory mapping, where the high 32 bits of an address pick
/// the region (1 program, 2 stack, 3 heap, 4 input; 0 and everything above 4 unmapped). As an
/// extension the input slot may hold several adjacent regions with their own writability (Firedancer's
/// input regions). Without <see cref="VmConfig.AlignedMemoryMapping"/> (sbpf's unaligned mapping, which
/// Agave 2.2 uses under direct mapping) an access there may run on from one input region into the next
/// (each touched region must be writable for a store); with it, an access must lie inside one region.
/// Failures produce sbpf's exact AccessViolation / StackAccessViolation.
/// </summary>
public sealed unsafe class MemoryMapping
{
    private readonly MemoryRegion?[] _slots = new MemoryRegion?[RegionDescriptor.SlotCount];
    private readonly MemoryRegion[] _inputParts;
    private readonly MemoryRegion[] _all;
    private readonly RegionDescriptor[] _table = GC.AllocateArray<RegionDescriptor>(RegionDescriptor.SlotCount, pinned: true);
    private readonly bool _fixedFrames;
    private readonly long _stackFrameSize;
    private readonly long _maxCallDepth;
    private readonly bool _spanInputRegions;
    private readonly List<GCHandle> _pins = [];
    private int _pinCount;
    // Bytes of a load or store that spans input regions: the interpreter reads or writes them here.
    private readonly byte[] _spanScratch = GC.AllocateArray<byte>(8, pinned: true);

    private MemoryMapping(MemoryRegion[] all, MemoryRegion[] inputParts, bool fixedFrames, int stackFrameSize, int maxCallDepth, bool spanInputRegions)
    {
        _spanInputRegions = spanInputRegions;
        _all = all;
        _inputParts = inputParts;
        _fixedFrames = fixedFrames;
        _stackFrameSize = stackFrameSize;
        _maxCallDepth = maxCallDepth;
        foreach (var r in all)
            if (r.VmAddr >> 32 < (ulong)RegionDescriptor.SlotCount && (r.VmAddr >> 32) != 4)
                _slots[r.VmAddr >> 32] = r;
        if (inputParts.Length == 1)
            _slots[4] = inputParts[0];
    }

    /// <summary>All mapped regions in address order.</summary>
    public IReadOnlyList<MemoryRegion> Regions => _all;

    /// <summary>
    /// Builds a mapping. Regions must sit in ascending slots 1, 2, 3, ... with one region per slot,
    /// except slot 4 (input), which may hold several non-overlapping regions. Otherwise returns
    /// sbpf's <c>InvalidMemoryRegion(index)</c>.
    /// </summary>
    public static VmError? TryCreate(IEnumerable<MemoryRegion> regions, VmConfig config, VersionRules rules, out MemoryMapping mapping)
    {
        var sorted = regions.OrderBy(r => r.VmAddr).ToArray();
        mapping = null!;
        var input = new List<MemoryRegion>();
        ulong expectedSlot = 1;
        for (int i = 0; i < sorted.Length; i++)
        {
            var r = sorted[i];
            ulong slot = r.VmAddr >> 32;
            bool ok = slot == 4
                ? expectedSlot == 4 && (input.Count == 0 || input[^1].VmAddrEnd <= r.VmAddr) && ((r.VmAddrEnd - 1) >> 32 == 4 || r.Length == 0)
                : slot == expectedSlot && slot < 4;
            if (!ok)
                return new VmError(VmErrorKind.InvalidMemoryRegion) { Index = (ulong)i + 1 };
            if (slot == 4) input.Add(r);
            else expectedSlot++;
        }
        mapping = new MemoryMapping(sorted, input.ToArray(), !rules.ManualStackFrames, config.StackFrameSize, config.MaxCallDepth,
            spanInputRegions: !config.AlignedMemoryMapping);
        mapping.BuildTable();
        return null;
    }

    public static MemoryMapping Create(IEnumerable<MemoryRegion> regions, VmConfig config, VersionRules rules)
    {
        var error = TryCreate(regions, config, rules, out var mapping);
        if (error != null) throw new ArgumentException(error.Message, nameof(regions));
        return mapping;
    }

    internal RegionDescriptor* Table => (RegionDescriptor*)Unsafe.AsPointer(ref _table[0]);

    private void BuildTable()
    {
        for (int s = 0; s < RegionDescriptor.SlotCount; s++)
        {
            ref var d = ref _table[s];
            d = default;
            d.GapShift = 63;
            d.GapMask = ~0UL << 63;
            var r = _slots[s];
            if (s == 0 || r == null) continue;
            d.GapShift = r.GapShift;
            d.GapMask = ~0UL << d.GapShift;
            SetBounds(ref d, r);
        }
    }

    // A region that tracks what was touched is served only over its touched range (a prefix when gapped,
    // since the gap arithmetic needs the region start); the rest takes the slow path, which widens it.
    private static int ServedStart(MemoryRegion r) =>
        r.TracksTouched && r.GapSize == 0 && r.TouchedEnd > r.TouchedStart ? r.TouchedStart : 0;

    private static void SetBounds(ref RegionDescriptor d, MemoryRegion r)
    {
        int start = ServedStart(r);
        ulong length = r.TracksTouched ? (ulong)Math.Max(0, r.TouchedEnd - start) : (ulong)r.Length;
        d.VmStart = r.VmAddr + (ulong)start;
        d.LoadLength = length;
        d.StoreLength = r.Writable ? length : 0;
    }

    private static byte* HostStart(MemoryRegion r) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(r.RawBuffer)) + r.Offset + ServedStart(r);

    /// <summary>Pins every region buffer so the interpreter can use raw pointers. Nested pins are counted.</summary>
    internal void Pin()
    {
        if (_pinCount++ > 0) return;
        foreach (var r in _all)
            _pins.Add(GCHandle.Alloc(r.RawBuffer, GCHandleType.Pinned));
        for (int s = 1; s < RegionDescriptor.SlotCount; s++)
        {
            var r = _slots[s];
            if (r == null) continue;
            _table[s].Host = HostStart(r);
        }
    }

    internal void Unpin()
    {
        if (--_pinCount > 0) return;
        for (int s = 0; s < RegionDescriptor.SlotCount; s++)
            _table[s].Host = null;
        foreach (var h in _pins)
            if (h.IsAllocated) h.Free();
        _pins.Clear();
    }

    /// <summary>
    /// sbpf's <c>MemoryMapping::region(Load, vaddr)</c>: the region containing <paramref name="vaddr"/>
    /// (in the input slot, the last one starting at or below it), or the access violation of size 0.
    /// </summary>
    public VmError? FindRegion(ulong vaddr, out MemoryRegion? region)
    {
        ulong slot = vaddr >> 32;
        region = slot == 4 && _inputParts.Length > 1 ? FindInputPart(vaddr)
            : slot < RegionDescriptor.SlotCount ? _slots[slot] : null;
        if (region != null && vaddr >= region.VmAddr && vaddr < region.VmAddrEnd) return null;
        region = null;
        return AccessViolation(AccessType.Load, vaddr, 0);
    }

    /// <summary>Sets whether stores may reach <paramref name="region"/> (sbpf's region <c>state</c>).</summary>
    public void SetWritable(MemoryRegion region, bool writable)
    {
        ArgumentNullException.ThrowIfNull(region);
        region.Writable = writable;
        RefreshSlot(region);
    }

    /// <summary>
    /// Points <paramref name="region"/> at other host bytes of the same length (sbpf's <c>host_addr</c>,
    /// which Agave moves when an account's data buffer was reallocated during a CPI). The new buffer is
    /// pinned for as long as the mapping is.
    /// </summary>
    public void Remap(MemoryRegion region, byte[] buffer, int offset)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(buffer);
        if ((uint)offset > (uint)buffer.Length || (uint)region.Length > (uint)(buffer.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(buffer), "region exceeds its buffer");
        if (ReferenceEquals(region.RawBuffer, buffer) && region.Offset == offset) return;
        region.Buffer = buffer;
        region.Offset = offset;
        if (_pinCount > 0) _pins.Add(GCHandle.Alloc(buffer, GCHandleType.Pinned));
        RefreshSlot(region);
    }

    private void RefreshSlot(MemoryRegion region)
    {
        ulong slot = region.VmAddr >> 32;
        if (slot >= (ulong)RegionDescriptor.SlotCount || !ReferenceEquals(_slots[slot], region)) return;
        ref var d = ref _table[slot];
        SetBounds(ref d, region);
        if (_pinCount > 0)
            d.Host = HostStart(region);
    }

    /// <summary>
    /// Locates <paramref name="length"/> bytes at <paramref name="vaddr"/>: the region and the offset
    /// into its <see cref="MemoryRegion.Span"/>, or the access violation sbpf raises.
    /// </summary>
    public VmError? Locate(AccessType access, ulong vaddr, ulong length, out MemoryRegion? region, out int offset)
    {
        ulong slot = vaddr >> 32;
        region = null;
        offset = 0;
        if (slot == 4 && _inputParts.Length > 1)
        {
            var part = FindInputPart(vaddr);
            if (part != null && vaddr >= part.VmAddr && Fits(part, vaddr - part.VmAddr, length, access, out ulong off))
            {
                region = part;
                offset = (int)off;
                return null;
            }
        }
        else if (slot > 0 && slot < RegionDescriptor.SlotCount && _slots[slot] is { } r && vaddr >= r.VmAddr)
        {
            if (Fits(r, vaddr - r.VmAddr, length, access, out ulong off))
            {
                region = r;
                offset = (int)off;
                if (r.Touch(offset, (int)length)) RefreshSlot(r);
                return null;
            }
        }
        return AccessViolation(access, vaddr, length);
    }

    /// <summary>sbpf <c>MemoryMapping::map</c> as a span over the host bytes.</summary>
    public bool TryMap(AccessType access, ulong vaddr, ulong length, out Span<byte> span, [NotNullWhen(false)] out VmError? error)
    {
        error = Locate(access, vaddr, length, out var region, out int offset);
        if (error != null)
        {
            span = default;
            return false;
        }
        span = region!.RawBuffer.AsSpan(region.Offset + offset, (int)length);
        return true;
    }

    /// <summary>Reads a little-endian value of 1, 2, 4 or 8 bytes (zero-extended).</summary>
    public VmError? Load(ulong vaddr, int size, out ulong value)
    {
        value = 0;
        if (!TryMap(AccessType.Load, vaddr, (ulong)size, out var span, out var error))
        {
            span = _spanScratch.AsSpan(0, size);
            if (!CopySpanning(AccessType.Load, vaddr, span)) return error;
        }
        value = size switch
        {
            1 => span[0],
            2 => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span),
            _ => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
        return null;
    }

    /// <summary>Writes the low <paramref name="size"/> bytes of a value little-endian.</summary>
    public VmError? Store(ulong vaddr, int size, ulong value)
    {
        if (!TryMap(AccessType.Store, vaddr, (ulong)size, out var span, out var error))
        {
            span = _spanScratch.AsSpan(0, size);
            for (int i = 0; i < size; i++) span[i] = (byte)(value >> (8 * i));
            return CopySpanning(AccessType.Store, vaddr, span) ? null : error;
        }
        for (int i = 0; i < size; i++) span[i] = (byte)(value >> (8 * i));
        return null;
    }

    /// <summary>Interpreter slow path: split input slot, or the error for an unserved access.</summary>
    /// <remarks>
    /// A load that spans input regions is gathered into a scratch buffer whose address is returned; a
    /// spanning store is written by <see cref="StoreSlow"/> instead (it needs the value).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal byte* TranslateSlow(ulong vaddr, ulong length, AccessType access, out VmError? error)
    {
        error = Locate(access, vaddr, length, out var region, out int offset);
        if (error == null)
            return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(region!.RawBuffer)) + region.Offset + offset;
        if (access == AccessType.Load && CopySpanning(access, vaddr, _spanScratch.AsSpan(0, (int)length)))
        {
            error = null;
            return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_spanScratch));
        }
        return null;
    }

    /// <summary>
    /// Interpreter slow path for a store: like <see cref="TranslateSlow"/>, but a store that spans input
    /// regions is written here, and the returned address is scratch the caller may write to harmlessly.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal byte* StoreSlow(ulong vaddr, int length, ulong value, out VmError? error)
    {
        byte* host = TranslateSlow(vaddr, (ulong)length, AccessType.Store, out error);
        if (host != null) return host;
        var bytes = _spanScratch.AsSpan(0, length);
        for (int i = 0; i < length; i++) bytes[i] = (byte)(value >> (8 * i));
        if (!CopySpanning(AccessType.Store, vaddr, bytes)) return null;
        error = null;
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_spanScratch));
    }

    /// <summary>
    /// sbpf's unaligned <c>load</c>/<c>store</c> slow path in the input slot: the access is split at region
    /// ends, each piece inside one region (writable, for a store). Loads fill <paramref name="data"/>,
    /// stores write it; nothing is written unless every piece maps.
    /// </summary>
    private bool CopySpanning(AccessType access, ulong vaddr, Span<byte> data)
    {
        if (!_spanInputRegions || vaddr >> 32 != 4 || _inputParts.Length <= 1) return false;
        // Pieces are written as they map, as sbpf does; a failure part way aborts the program anyway.
        ulong addr = vaddr;
        int done = 0;
        while (done < data.Length)
        {
            var part = FindInputPart(addr);
            if (part == null || addr < part.VmAddr || addr >= part.VmAddrEnd) return false;
            if (access == AccessType.Store && !part.Writable) return false;
            int piece = (int)Math.Min((ulong)(data.Length - done), part.VmAddrEnd - addr);
            var host = part.RawBuffer.AsSpan(part.Offset + (int)(addr - part.VmAddr), piece);
            if (access == AccessType.Load) host.CopyTo(data[done..]);
            else data.Slice(done, piece).CopyTo(host);
            done += piece;
            addr += (ulong)piece;
        }
        return true;
    }

    private MemoryRegion? FindInputPart(ulong vaddr)
    {
        int lo = 0, hi = _inputParts.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_inputParts[mid].VmAddr <= vaddr) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? null : _inputParts[found];
    }

    private static bool Fits(MemoryRegion r, ulong offset, ulong length, AccessType access, out ulong hostOffset)
    {
        hostOffset = 0;
        if (access == AccessType.Store && !r.Writable) return false;
        int shift = r.GapShift;
        if (((offset >> shift) & 1) != 0) return false;
        ulong mask = ~0UL << shift;
        ulong host = ((offset & mask) >> 1) | (offset & ~mask);
        if (length > (ulong)r.Length || host > (ulong)r.Length - length) return false;
        hostOffset = host;
        return true;
    }

    /// <summary>sbpf's <c>generate_access_violation</c>.</summary>
    public VmError AccessViolation(AccessType access, ulong vaddr, ulong length)
    {
        long fromStack = SaturatingSub(unchecked((long)vaddr), unchecked((long)MemoryLayout.StackStart));
        long frame = fromStack / _stackFrameSize;
        if (_fixedFrames && frame >= -1 && frame <= _maxCallDepth)
            return new VmError(VmErrorKind.StackAccessViolation) { AccessType = access, Address = vaddr, Size = length, StackFrame = frame };
        string section = (vaddr & 0xFFFF_FFFF_0000_0000UL) switch
        {
            MemoryLayout.ProgramStart => "program",
            MemoryLayout.StackStart => "stack",
            MemoryLayout.HeapStart => "heap",
            MemoryLayout.InputStart => "input",
            _ => "unknown",
        };
        return new VmError(VmErrorKind.AccessViolation) { AccessType = access, Address = vaddr, Size = length, Section = section };
    }

    private static long SaturatingSub(long a, long b)
    {
        long r = unchecked(a - b);
        if (((a ^ b) & (a ^ r)) < 0) return a < 0 ? long.MinValue : long.MaxValue;
        return r;
    }
}
