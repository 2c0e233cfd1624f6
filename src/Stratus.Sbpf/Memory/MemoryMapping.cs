using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stratus.Sbpf.Memory;

/// <summary>
/// The guest address space: sbpf's aligned memory mapping, where the high 32 bits of an address pick
/// the region (1 program, 2 stack, 3 heap, 4 input; 0 and everything above 4 unmapped). As an
/// extension the input slot may hold several adjacent regions with their own writability (Firedancer's
/// input regions); an access must then lie inside one of them. Failures produce sbpf's exact
/// AccessViolation / StackAccessViolation.
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
    private GCHandle[] _pins = [];
    private int _pinCount;

    private MemoryMapping(MemoryRegion[] all, MemoryRegion[] inputParts, bool fixedFrames, int stackFrameSize, int maxCallDepth)
    {
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
        mapping = new MemoryMapping(sorted, input.ToArray(), !rules.ManualStackFrames, config.StackFrameSize, config.MaxCallDepth);
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
            d.VmStart = r.VmAddr;
            d.GapShift = r.GapShift;
            d.GapMask = ~0UL << d.GapShift;
            d.LoadLength = (ulong)r.Length;
            d.StoreLength = r.Writable ? (ulong)r.Length : 0;
        }
    }

    /// <summary>Pins every region buffer so the interpreter can use raw pointers. Nested pins are counted.</summary>
    internal void Pin()
    {
        if (_pinCount++ > 0) return;
        _pins = new GCHandle[_all.Length];
        for (int i = 0; i < _all.Length; i++)
            _pins[i] = GCHandle.Alloc(_all[i].Buffer, GCHandleType.Pinned);
        for (int s = 1; s < RegionDescriptor.SlotCount; s++)
        {
            var r = _slots[s];
            if (r == null) continue;
            _table[s].Host = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(r.Buffer)) + r.Offset;
        }
    }

    internal void Unpin()
    {
        if (--_pinCount > 0) return;
        for (int s = 0; s < RegionDescriptor.SlotCount; s++)
            _table[s].Host = null;
        foreach (var h in _pins)
            if (h.IsAllocated) h.Free();
        _pins = [];
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
        span = region!.Buffer.AsSpan(region.Offset + offset, (int)length);
        return true;
    }

    /// <summary>Reads a little-endian value of 1, 2, 4 or 8 bytes (zero-extended).</summary>
    public VmError? Load(ulong vaddr, int size, out ulong value)
    {
        value = 0;
        if (!TryMap(AccessType.Load, vaddr, (ulong)size, out var span, out var error)) return error;
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
        if (!TryMap(AccessType.Store, vaddr, (ulong)size, out var span, out var error)) return error;
        for (int i = 0; i < size; i++) span[i] = (byte)(value >> (8 * i));
        return null;
    }

    /// <summary>Interpreter slow path: split input slot, or the error for an unserved access.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal byte* TranslateSlow(ulong vaddr, ulong length, AccessType access, out VmError? error)
    {
        error = Locate(access, vaddr, length, out var region, out int offset);
        if (error != null) return null;
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(region!.Buffer)) + region.Offset + offset;
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
