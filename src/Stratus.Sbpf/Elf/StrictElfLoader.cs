namespace Stratus.Sbpf.Elf;

/// <summary>
/// sbpf 0.10.1's <c>load_with_strict_parser</c> (SIMD-0189, used for V3): a fixed header, exactly the
/// expected first five program headers (bytecode at vaddr 0, rodata at 1&lt;&lt;32, stack, heap, dynsym),
/// functions taken from the dynamic symbol table in address order, and no relocation at all.
/// </summary>
internal static class StrictElfLoader
{
    private static readonly (uint Type, uint Flags, ulong Vaddr)[] ExpectedProgramHeaders =
    [
        (ElfConstants.PtLoad, ElfConstants.PfX, MemoryLayout.BytecodeStart),
        (ElfConstants.PtLoad, ElfConstants.PfR, MemoryLayout.ProgramStart),
        (ElfConstants.PtGnuStack, ElfConstants.PfR | ElfConstants.PfW, MemoryLayout.StackStart),
        (ElfConstants.PtLoad, ElfConstants.PfR | ElfConstants.PfW, MemoryLayout.HeapStart),
        (ElfConstants.PtNull, 0, 0xFFFF_FFFF_0000_0000),
    ];

    private const ulong RegionSize = 1UL << MemoryLayout.RegionShift;
    private const int InsnSize = 8;

    public static ElfParserError? Load(byte[] bytes, ElfLoaderConfig config, out LoadedElf? loaded)
    {
        loaded = null;
        var err = Elf64File.ParseFileHeader(bytes, out var h);
        if (err != null) return err;

        ulong phTableStart = ElfConstants.HeaderSize;
        ulong phTableEnd = Checked.SatAdd(Checked.SatMul(ElfConstants.ProgramHeaderSize, h.PhNum), ElfConstants.HeaderSize);
        if (!h.MagicOk || h.Class != ElfConstants.ElfClass64 || h.Data != ElfConstants.ElfData2Lsb
            || h.IdentVersion != ElfConstants.EvCurrent || h.OsAbi != ElfConstants.ElfOsAbiNone || h.AbiVersion != 0
            || !h.PadZero || h.Type != ElfConstants.EtDyn || h.Machine != ElfConstants.EmSbpf
            || h.Version != ElfConstants.EvCurrent || h.PhOff != ElfConstants.HeaderSize
            || h.EhSize != ElfConstants.HeaderSize || h.PhEntSize != ElfConstants.ProgramHeaderSize
            || h.PhNum < ExpectedProgramHeaders.Length || phTableEnd >= (ulong)bytes.Length
            || h.ShEntSize != ElfConstants.SectionHeaderSize || h.ShStrNdx >= h.ShNum)
            return ElfParserError.InvalidFileHeader;

        err = Elf64File.CheckSlice(bytes, phTableStart, phTableEnd, ElfConstants.ProgramHeaderSize);
        if (err != null) return err;
        var phdrs = new Elf64ProgramHeader[ExpectedProgramHeaders.Length];
        for (int i = 0; i < phdrs.Length; i++)
        {
            var ph = new Elf64ProgramHeader(bytes.AsSpan((int)phTableStart + i * ElfConstants.ProgramHeaderSize, ElfConstants.ProgramHeaderSize));
            var (type, flags, vaddr) = ExpectedProgramHeaders[i];
            ulong fileSize = (flags & ElfConstants.PfW) != 0 ? 0 : ph.MemSize;
            if (ph.Type != type || ph.Flags != flags || ph.Offset < phTableEnd || ph.Offset >= (ulong)bytes.Length
                || ph.Offset % InsnSize != 0 || ph.Vaddr != vaddr || ph.Paddr != vaddr || ph.FileSize != fileSize
                || ph.FileSize > Checked.SatSub((ulong)bytes.Length, ph.Offset) || ph.MemSize >= RegionSize)
                return ElfParserError.InvalidProgramHeader;
            phdrs[i] = ph;
        }

        int dynstrIndex = -1;
        Elf64SectionHeader[] sections = [];
        if (config.EnableSymbolAndSectionLabels)
        {
            err = Elf64File.ParseSectionHeaderTable(bytes, h, (phTableStart, phTableEnd), out _, out sections);
            if (err != null) return err;
            if (h.ShStrNdx == ElfConstants.ShnUndef) return ElfParserError.NoSectionNameStringTable;
            var names = sections[h.ShStrNdx];
            for (int i = 0; i < sections.Length; i++)
            {
                err = Elf64File.GetStringInSection(bytes, names, sections[i].Name, 64, out var name);
                if (err != null) return err;
                if (name.SequenceEqual(".dynstr"u8)) dynstrIndex = i;
            }
        }

        var bytecode = phdrs[0];
        var rodata = phdrs[1];
        var dynsymHeader = phdrs[4];
        err = Elf64File.CheckSliceFrom(bytes, dynsymHeader.Offset, dynsymHeader.FileSize, ElfConstants.SymbolSize, out var dynsymEnd);
        if (err != null) return err;
        var symbols = Elf64File.ReadSymbols(bytes, dynsymHeader.Offset, dynsymEnd);

        var functions = new LoaderFunctionRegistry();
        ulong expectedAddress = bytecode.Vaddr;
        foreach (var symbol in symbols)
        {
            // Bitwise test: any type with bit 1 set (FUNC, SECTION, ...) is taken as a function.
            if ((symbol.Info & ElfConstants.SttFunc) == 0) continue;
            if (symbol.Value != expectedAddress) return ElfParserError.OutOfBounds;
            if (symbol.Size == 0 || symbol.Size % InsnSize != 0) return ElfParserError.InvalidSize;
            if (symbol.Size > Checked.SatSub(bytecode.VmEnd, symbol.Value)) return ElfParserError.OutOfBounds;
            ulong targetPc = Checked.SatSub(symbol.Value, bytecode.Vaddr) / InsnSize;
            byte[] name = [];
            if (config.EnableSymbolAndSectionLabels)
            {
                if (dynstrIndex < 0) return ElfParserError.NoStringTable;
                err = Elf64File.GetStringInSection(bytes, sections[dynstrIndex], symbol.Name, byte.MaxValue, out var n);
                if (err != null) return err;
                name = n.ToArray();
            }
            // Keys are the pcs themselves and strictly increase, so this cannot collide.
            functions.Register((uint)targetPc, name, targetPc);
            expectedAddress = Checked.SatAdd(symbol.Value, symbol.Size);
        }
        if (expectedAddress != bytecode.VmEnd) return ElfParserError.OutOfBounds;
        if (!bytecode.VmRangeContains(h.Entry) || h.Entry % InsnSize != 0) return ElfParserError.InvalidFileHeader;
        ulong entryPc = Checked.SatSub(h.Entry, bytecode.Vaddr) / InsnSize;
        if (!functions.ContainsKey((uint)entryPc)) return ElfParserError.InvalidFileHeader;

        var (textStart, textEnd) = bytecode.FileRange;
        var (roStart, roEnd) = rodata.FileRange;
        // Both ranges were checked against the file length with the program headers.
        var text = bytes.AsSpan((int)textStart, (int)(textEnd - textStart)).ToArray();
        var ro = new ReadOnlySection(ReadOnlyLayout.Borrowed, rodata.Vaddr, bytes.AsSpan((int)roStart, (int)(roEnd - roStart)).ToArray());
        loaded = new LoadedElf(SbpfVersion.Reserved, text, bytecode.Vaddr, textStart, entryPc, functions, ro);
        return null;
    }
}
