using System.Buffers.Binary;
using System.Text;

namespace Stratus.Sbpf.Elf;

/// <summary>
/// ELF64 parser with the checks of sbpf 0.10.1's <c>elf_parser::Elf64::parse</c>: header consistency,
/// table bounds, overlap and ordering of sections, string and dynamic tables. Every read is bounds-checked
/// against the buffer; failures come back as <see cref="ElfParserError"/>, never as exceptions.
/// The buffer is assumed to start 16-byte aligned (sbpf copies it into aligned memory), so a table's
/// alignment is its file offset's.
/// </summary>
public sealed class Elf64File
{
    private readonly ulong[] _dynamic = new ulong[ElfConstants.DtNum];

    private Elf64File(byte[] bytes, Elf64Header header)
    {
        Bytes = bytes;
        Header = header;
    }

    public byte[] Bytes { get; }
    public Elf64Header Header { get; }
    public Elf64ProgramHeader[] ProgramHeaders { get; private set; } = [];
    public Elf64SectionHeader[] SectionHeaders { get; private set; } = [];

    /// <summary>Index of the section-name string table, or -1 when e_shstrndx is SHN_UNDEF.</summary>
    public int SectionNamesIndex { get; private set; } = -1;
    public int SymbolTableIndex { get; private set; } = -1;
    public int SymbolNamesIndex { get; private set; } = -1;
    public int DynamicSymbolNamesIndex { get; private set; } = -1;

    /// <summary>Null when the file has no DT_REL.</summary>
    public Elf64Rel[]? DynamicRelocations { get; private set; }

    /// <summary>Null when the file has no DT_SYMTAB.</summary>
    public Elf64Symbol[]? DynamicSymbols { get; private set; }

    public ReadOnlySpan<ulong> DynamicTable => _dynamic;

    /// <summary>Reads and checks the 64-byte file header (size only; sbpf's <c>parse_file_header</c>).</summary>
    public static ElfParserError? ParseFileHeader(ReadOnlySpan<byte> bytes, out Elf64Header header)
    {
        if (bytes.Length < ElfConstants.HeaderSize)
        {
            header = default;
            return ElfParserError.OutOfBounds;
        }
        header = new Elf64Header(bytes);
        return null;
    }

    public static ElfParserError? Parse(byte[] bytes, out Elf64File? file)
    {
        file = null;
        var err = ParseFileHeader(bytes, out var h);
        if (err != null) return err;
        if (!h.MagicOk || h.Class != ElfConstants.ElfClass64 || h.Data != ElfConstants.ElfData2Lsb
            || h.IdentVersion != ElfConstants.EvCurrent || h.Version != ElfConstants.EvCurrent
            || h.EhSize != ElfConstants.HeaderSize || h.PhEntSize != ElfConstants.ProgramHeaderSize
            || h.ShEntSize != ElfConstants.SectionHeaderSize || h.ShStrNdx >= h.ShNum)
            return ElfParserError.InvalidFileHeader;

        var f = new Elf64File(bytes, h);
        const ulong fileHeaderEnd = ElfConstants.HeaderSize;

        err = ParseProgramHeaderTable(bytes, h, out var phRange, out var phdrs);
        if (err != null) return err;
        f.ProgramHeaders = phdrs;

        err = ParseSectionHeaderTable(bytes, h, phRange, out var shRange, out var shdrs);
        if (err != null) return err;
        f.SectionHeaders = shdrs;

        if (shdrs.Length == 0 || shdrs[0].Type != ElfConstants.ShtNull)
            return ElfParserError.InvalidSectionHeader;

        ulong vaddr = 0;
        foreach (var ph in phdrs)
        {
            if (ph.Type != ElfConstants.PtLoad) continue;
            if (ph.Vaddr < vaddr) return ElfParserError.InvalidProgramHeader;
            if (!Checked.Add(ph.Offset, ph.FileSize, out var end)) return ElfParserError.OutOfBounds;
            if (end > (ulong)bytes.Length) return ElfParserError.OutOfBounds;
            vaddr = ph.Vaddr;
        }

        ulong offset = 0;
        foreach (var sh in shdrs)
        {
            if (sh.Type == ElfConstants.ShtNobits) continue;
            if (!Checked.Add(sh.Offset, sh.Size, out var end)) return ElfParserError.OutOfBounds;
            if (Overlaps(sh.Offset, end, 0, fileHeaderEnd) || Overlaps(sh.Offset, end, phRange.Start, phRange.End)
                || Overlaps(sh.Offset, end, shRange.Start, shRange.End))
                return ElfParserError.Overlap;
            if (sh.Offset < offset) return ElfParserError.SectionNotInOrder;
            offset = end;
            if (offset > (ulong)bytes.Length) return ElfParserError.OutOfBounds;
        }

        if (h.ShStrNdx != ElfConstants.ShnUndef)
            f.SectionNamesIndex = h.ShStrNdx; // always < e_shnum, checked above

        err = f.ParseSections();
        if (err != null) return err;
        err = f.ParseDynamic();
        if (err != null) return err;
        file = f;
        return null;
    }

    /// <summary>Two ranges overlap unless one ends at or before the other starts (empty ranges included).</summary>
    internal static bool Overlaps(ulong aStart, ulong aEnd, ulong bStart, ulong bEnd) => !(aEnd <= bStart || bEnd <= aStart);

    internal static ElfParserError? ParseProgramHeaderTable(byte[] bytes, in Elf64Header h, out (ulong Start, ulong End) range, out Elf64ProgramHeader[] table)
    {
        table = [];
        range = (h.PhOff, 0);
        ulong size = (ulong)ElfConstants.ProgramHeaderSize * h.PhNum;
        if (!Checked.Add(size, h.PhOff, out var end)) return ElfParserError.OutOfBounds;
        range = (h.PhOff, end);
        if (Overlaps(0, ElfConstants.HeaderSize, range.Start, range.End)) return ElfParserError.Overlap;
        var err = CheckSlice(bytes, range.Start, range.End, ElfConstants.ProgramHeaderSize);
        if (err != null) return err;
        table = new Elf64ProgramHeader[h.PhNum];
        for (int i = 0; i < table.Length; i++)
            table[i] = new Elf64ProgramHeader(bytes.AsSpan((int)range.Start + i * ElfConstants.ProgramHeaderSize, ElfConstants.ProgramHeaderSize));
        return null;
    }

    internal static ElfParserError? ParseSectionHeaderTable(byte[] bytes, in Elf64Header h, (ulong Start, ulong End) phRange, out (ulong Start, ulong End) range, out Elf64SectionHeader[] table)
    {
        table = [];
        range = (h.ShOff, 0);
        ulong size = (ulong)ElfConstants.SectionHeaderSize * h.ShNum;
        if (!Checked.Add(size, h.ShOff, out var end)) return ElfParserError.OutOfBounds;
        range = (h.ShOff, end);
        if (Overlaps(0, ElfConstants.HeaderSize, range.Start, range.End)) return ElfParserError.Overlap;
        if (Overlaps(phRange.Start, phRange.End, range.Start, range.End)) return ElfParserError.Overlap;
        var err = CheckSlice(bytes, range.Start, range.End, ElfConstants.SectionHeaderSize);
        if (err != null) return err;
        table = new Elf64SectionHeader[h.ShNum];
        for (int i = 0; i < table.Length; i++)
            table[i] = new Elf64SectionHeader(bytes.AsSpan((int)range.Start + i * ElfConstants.SectionHeaderSize, ElfConstants.SectionHeaderSize));
        return null;
    }

    /// <summary>
    /// The checks sbpf makes before viewing bytes[start..end) as an array of <paramref name="elementSize"/>-byte
    /// structs: whole elements, inside the buffer, 8-byte aligned.
    /// </summary>
    internal static ElfParserError? CheckSlice(byte[] bytes, ulong start, ulong end, int elementSize)
    {
        ulong len = end > start ? end - start : 0;
        if (len % (ulong)elementSize != 0) return ElfParserError.InvalidSize;
        if (!Checked.InBuffer(start, end, bytes.Length)) return ElfParserError.OutOfBounds;
        if (start % ElfConstants.TableAlignment != 0) return ElfParserError.InvalidAlignment;
        return null;
    }

    /// <summary>CheckSlice for [offset, offset + size) where the addition may overflow.</summary>
    internal static ElfParserError? CheckSliceFrom(byte[] bytes, ulong offset, ulong size, int elementSize, out ulong end)
    {
        if (!Checked.Add(offset, size, out end)) return ElfParserError.OutOfBounds;
        return CheckSlice(bytes, offset, end, elementSize);
    }

    internal static Elf64Symbol[] ReadSymbols(byte[] bytes, ulong start, ulong end)
    {
        var result = new Elf64Symbol[(end - start) / ElfConstants.SymbolSize];
        for (int i = 0; i < result.Length; i++)
            result[i] = new Elf64Symbol(bytes.AsSpan((int)start + i * ElfConstants.SymbolSize, ElfConstants.SymbolSize));
        return result;
    }

    /// <summary>
    /// A NUL-terminated string at <paramref name="offsetInSection"/> of a SHT_STRTAB section, at most
    /// <paramref name="maximumLength"/> bytes (sbpf's <c>get_string_in_section</c>).
    /// </summary>
    public static ElfParserError? GetStringInSection(byte[] bytes, in Elf64SectionHeader section, uint offsetInSection, int maximumLength, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (section.Type != ElfConstants.ShtStrtab) return ElfParserError.InvalidSectionHeader;
        if (!Checked.Add(section.Offset, offsetInSection, out var start)) return ElfParserError.OutOfBounds;
        if (!Checked.Add(section.Offset, section.Size, out var sectionEnd)) return ElfParserError.OutOfBounds;
        if (!Checked.Add(start, (ulong)maximumLength, out var limitEnd)) return ElfParserError.OutOfBounds;
        ulong end = Math.Min(sectionEnd, limitEnd);
        if (!Checked.InBuffer(start, end, bytes.Length)) return ElfParserError.OutOfBounds;
        var span = bytes.AsSpan((int)start, (int)(end - start));
        int nul = span.IndexOf((byte)0);
        if (nul < 0) return ElfParserError.StringTooLong(Encoding.UTF8.GetString(span), maximumLength);
        value = span[..nul];
        return null;
    }

    public ElfParserError? SectionName(uint shName, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (SectionNamesIndex < 0) return ElfParserError.NoSectionNameStringTable;
        return GetStringInSection(Bytes, SectionHeaders[SectionNamesIndex], shName, ElfConstants.SectionNameLengthMaximum, out name);
    }

    public ElfParserError? SymbolName(uint stName, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (SymbolNamesIndex < 0) return ElfParserError.NoStringTable;
        return GetStringInSection(Bytes, SectionHeaders[SymbolNamesIndex], stName, ElfConstants.SymbolNameLengthMaximum, out name);
    }

    public ElfParserError? DynamicSymbolName(uint stName, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (DynamicSymbolNamesIndex < 0) return ElfParserError.NoDynamicStringTable;
        return GetStringInSection(Bytes, SectionHeaders[DynamicSymbolNamesIndex], stName, ElfConstants.SymbolNameLengthMaximum, out name);
    }

    /// <summary>The .symtab contents, or null when there is none or it is malformed (sbpf ignores that error).</summary>
    public Elf64Symbol[]? SymbolTableOrNull()
    {
        if (SymbolTableIndex < 0) return null;
        return SymbolTableOfSection(SectionHeaders[SymbolTableIndex], out var symbols) == null ? symbols : null;
    }

    private ElfParserError? SymbolTableOfSection(in Elf64SectionHeader section, out Elf64Symbol[] symbols)
    {
        symbols = [];
        if (section.Type != ElfConstants.ShtSymtab && section.Type != ElfConstants.ShtDynsym)
            return ElfParserError.InvalidSectionHeader;
        var err = CheckSliceFrom(Bytes, section.Offset, section.Size, ElfConstants.SymbolSize, out var end);
        if (err != null) return err;
        symbols = ReadSymbols(Bytes, section.Offset, end);
        return null;
    }

    private ElfParserError? ParseSections()
    {
        if (SectionNamesIndex < 0) return ElfParserError.NoSectionNameStringTable;
        var names = SectionHeaders[SectionNamesIndex];
        for (int i = 0; i < SectionHeaders.Length; i++)
        {
            var err = GetStringInSection(Bytes, names, SectionHeaders[i].Name, ElfConstants.SectionNameLengthMaximum, out var name);
            if (err != null) return err;
            if (name.SequenceEqual(".symtab"u8))
            {
                if (SymbolTableIndex >= 0) return ElfParserError.InvalidSectionHeader;
                SymbolTableIndex = i;
            }
            else if (name.SequenceEqual(".strtab"u8))
            {
                if (SymbolNamesIndex >= 0) return ElfParserError.InvalidSectionHeader;
                SymbolNamesIndex = i;
            }
            else if (name.SequenceEqual(".dynstr"u8))
            {
                if (DynamicSymbolNamesIndex >= 0) return ElfParserError.InvalidSectionHeader;
                DynamicSymbolNamesIndex = i;
            }
        }
        return null;
    }

    private ElfParserError? ParseDynamic()
    {
        ulong tableStart = 0, tableEnd = 0;
        bool found = false;

        foreach (var ph in ProgramHeaders)
        {
            if (ph.Type != ElfConstants.PtDynamic) continue;
            // An unusable PT_DYNAMIC is ignored in favour of SHT_DYNAMIC.
            if (CheckSliceFrom(Bytes, ph.Offset, ph.FileSize, ElfConstants.DynSize, out var end) == null)
            {
                tableStart = ph.Offset;
                tableEnd = end;
                found = true;
            }
            break;
        }

        if (!found)
        {
            foreach (var sh in SectionHeaders)
            {
                if (sh.Type != ElfConstants.ShtDynamic) continue;
                if (CheckSliceFrom(Bytes, sh.Offset, sh.Size, ElfConstants.DynSize, out var end) != null)
                    return ElfParserError.InvalidDynamicSectionTable;
                tableStart = sh.Offset;
                tableEnd = end;
                found = true;
                break;
            }
        }

        if (!found) return null;

        for (ulong p = tableStart; p < tableEnd; p += ElfConstants.DynSize)
        {
            ulong tag = BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan((int)p));
            if (tag == ElfConstants.DtNull) break;
            if (tag >= ElfConstants.DtNum) continue;
            _dynamic[tag] = BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan((int)p + 8));
        }

        var err = ParseDynamicRelocations();
        if (err != null) return err;
        return ParseDynamicSymbolTable();
    }

    private ElfParserError? ParseDynamicRelocations()
    {
        ulong vaddr = _dynamic[ElfConstants.DtRel];
        if (vaddr == 0) return null;
        if (_dynamic[ElfConstants.DtRelEnt] != ElfConstants.RelSize) return ElfParserError.InvalidDynamicSectionTable;
        ulong size = _dynamic[ElfConstants.DtRelSz];
        if (size == 0) return ElfParserError.InvalidDynamicSectionTable;

        ulong offset;
        var err = ProgramHeaderForVaddr(vaddr, out int phIndex);
        if (err != null) return err;
        if (phIndex >= 0)
        {
            var ph = ProgramHeaders[phIndex];
            if (!Checked.Add(vaddr - ph.Vaddr, ph.Offset, out offset)) return ElfParserError.OutOfBounds;
        }
        else
        {
            // Old toolchains (rust-bpf-sysroot <= v0.13) put DT_REL outside every segment: use the section.
            int s = Array.FindIndex(SectionHeaders, x => x.Addr == vaddr);
            if (s < 0) return ElfParserError.InvalidDynamicSectionTable;
            offset = SectionHeaders[s].Offset;
        }

        if (!Checked.Add(offset, size, out var end)) return ElfParserError.OutOfBounds;
        if (CheckSlice(Bytes, offset, end, ElfConstants.RelSize) != null) return ElfParserError.InvalidDynamicSectionTable;
        var rels = new Elf64Rel[(end - offset) / ElfConstants.RelSize];
        for (int i = 0; i < rels.Length; i++)
            rels[i] = new Elf64Rel(Bytes.AsSpan((int)offset + i * ElfConstants.RelSize, ElfConstants.RelSize));
        DynamicRelocations = rels;
        return null;
    }

    private ElfParserError? ParseDynamicSymbolTable()
    {
        ulong vaddr = _dynamic[ElfConstants.DtSymtab];
        if (vaddr == 0) return null;
        int s = Array.FindIndex(SectionHeaders, x => x.Addr == vaddr);
        if (s < 0) return ElfParserError.InvalidDynamicSectionTable;
        var err = SymbolTableOfSection(SectionHeaders[s], out var symbols);
        if (err != null) return err;
        DynamicSymbols = symbols;
        return null;
    }

    private ElfParserError? ProgramHeaderForVaddr(ulong vaddr, out int index)
    {
        index = -1;
        for (int i = 0; i < ProgramHeaders.Length; i++)
        {
            var ph = ProgramHeaders[i];
            if (!Checked.Add(ph.Vaddr, ph.MemSize, out var end)) return ElfParserError.OutOfBounds;
            if (vaddr >= ph.Vaddr && vaddr < end)
            {
                index = i;
                return null;
            }
        }
        return null;
    }
}
