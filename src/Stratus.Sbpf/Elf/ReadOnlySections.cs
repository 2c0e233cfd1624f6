namespace Stratus.Sbpf.Elf;

/// <summary>How the read-only region was built (sbpf's <c>Section::Owned</c> / <c>Section::Borrowed</c>).</summary>
public enum ReadOnlyLayout : byte
{
    /// <summary>A contiguous slice of the (relocated) file.</summary>
    Borrowed,
    /// <summary>A zero-filled buffer with each ro section copied to its address.</summary>
    Owned,
}

/// <summary>The program's read-only region: its bytes and the virtual address of the first one.</summary>
public sealed record ReadOnlySection(ReadOnlyLayout Layout, ulong Vaddr, byte[] Data);

/// <summary>sbpf 0.10.1's <c>parse_ro_sections</c>: gathers .text, .rodata, .data.rel.ro and .eh_frame.</summary>
internal static class ReadOnlySections
{
    private const ulong RodataStart = MemoryLayout.ProgramStart;
    private const ulong StackStart = MemoryLayout.StackStart;

    private static bool IsReadOnlyName(ReadOnlySpan<byte> name) =>
        name.SequenceEqual(".text"u8) || name.SequenceEqual(".rodata"u8) || name.SequenceEqual(".data.rel.ro"u8) || name.SequenceEqual(".eh_frame"u8);

    public static ElfError? Parse(ElfLoaderConfig config, SbpfVersion version, Elf64File elf, byte[] bytes, out ReadOnlySection? result)
    {
        result = null;
        bool elfVaddr = LenientElfLoader.EnableElfVaddr(version);
        ulong lowest = ulong.MaxValue, highest = 0, fillLength = 0;
        bool invalidOffsets = false;
        ulong? addrFileOffset = null;
        int first = 0, last = 0, count = 0;
        var slices = new List<(ulong Addr, ulong Start, ulong Length)>();

        var sections = elf.SectionHeaders;
        for (int i = 0; i < sections.Length; i++)
        {
            var sh = sections[i];
            if (elf.SectionName(sh.Name, out var name) != null || !IsReadOnlyName(name)) continue;
            if (count == 0) first = i;
            last = i;
            count++;

            ulong addr = sh.Addr;
            if (!invalidOffsets)
            {
                if (elfVaddr)
                {
                    // Sections may be shifted by one constant (addr - offset) across the file.
                    if (addr < sh.Offset)
                    {
                        invalidOffsets = true;
                    }
                    else
                    {
                        ulong shift = addr - sh.Offset;
                        addrFileOffset ??= shift;
                        if (addrFileOffset != shift) invalidOffsets = true;
                    }
                }
                else if (addr != sh.Offset)
                {
                    invalidOffsets = true;
                }
            }

            ulong vaddrEnd = elfVaddr && addr >= RodataStart ? addr : Checked.SatAdd(addr, RodataStart);
            if (LenientElfLoader.RejectRodataStackOverlap(version)) vaddrEnd = Checked.SatAdd(vaddrEnd, sh.Size);
            if ((config.RejectBrokenElfs && invalidOffsets) || vaddrEnd > StackStart) return ElfError.ValueOutOfBounds;

            var (start, end) = sh.FileRange;
            if (!Checked.InBuffer(start, end, bytes.Length)) return ElfError.ValueOutOfBounds;
            ulong length = end - start;
            lowest = Math.Min(lowest, addr);
            highest = Math.Max(highest, Checked.SatAdd(addr, length));
            fillLength = Checked.SatAdd(fillLength, length);
            slices.Add((addr, start, length));
        }

        if (config.RejectBrokenElfs && Checked.SatAdd(lowest, fillLength) > highest) return ElfError.ValueOutOfBounds;

        bool canBorrow = !invalidOffsets && last + 1 - first == count;
        if (elfVaddr && !canBorrow) return ElfError.ValueOutOfBounds;

        if (config.OptimizeRodata && canBorrow)
        {
            ulong shift = addrFileOffset ?? 0;
            ulong bufStart = Checked.SatSub(lowest, shift);
            ulong bufEnd = Checked.SatSub(highest, shift);
            ulong addrOffset;
            if (lowest >= RodataStart)
                addrOffset = lowest;
            else if (elfVaddr)
                return ElfError.ValueOutOfBounds;
            else
                addrOffset = Checked.SatAdd(lowest, RodataStart);
            // sbpf indexes the buffer with this range later; it lies inside the file by construction.
            if (!Checked.InBuffer(bufStart, bufEnd, bytes.Length)) return ElfError.ValueOutOfBounds;
            result = new ReadOnlySection(ReadOnlyLayout.Borrowed, addrOffset, bytes.AsSpan((int)bufStart, (int)(bufEnd - bufStart)).ToArray());
            return null;
        }

        if (config.OptimizeRodata)
            highest = Checked.SatSub(highest, lowest); // [start, start + lowest) stays unmapped
        else
            lowest = 0; // the whole [start, start + highest) is mappable, for backwards compatibility

        ulong bufLength = highest;
        if (bufLength > (ulong)bytes.Length) return ElfError.ValueOutOfBounds;
        var data = new byte[bufLength];
        foreach (var (addr, start, length) in slices)
        {
            ulong at = Checked.SatSub(addr, lowest);
            bytes.AsSpan((int)start, (int)length).CopyTo(data.AsSpan((int)at));
        }
        ulong vaddr = lowest >= RodataStart ? lowest : Checked.SatAdd(lowest, RodataStart);
        result = new ReadOnlySection(ReadOnlyLayout.Owned, vaddr, data);
        return null;
    }
}
