using System.Buffers.Binary;

namespace Stratus.Sbpf.Elf;

/// <summary>ELF64 constants the sBPF loader looks at.</summary>
public static class ElfConstants
{
    public const int HeaderSize = 64;
    public const int ProgramHeaderSize = 56;
    public const int SectionHeaderSize = 64;
    public const int SymbolSize = 24;
    public const int DynSize = 16;
    public const int RelSize = 16;
    /// <summary>Every ELF table is 8-byte aligned in sbpf's view (it casts the buffer to the structs).</summary>
    public const int TableAlignment = 8;

    public const byte ElfClass64 = 2;
    public const byte ElfData2Lsb = 1;
    public const byte ElfOsAbiNone = 0;
    public const byte EvCurrent = 1;
    public const ushort EmBpf = 247;
    public const ushort EmSbpf = 263;
    public const ushort EtDyn = 3;

    public const uint PtNull = 0;
    public const uint PtLoad = 1;
    public const uint PtDynamic = 2;
    public const uint PtGnuStack = 0x6474E551;
    public const uint PfX = 1;
    public const uint PfW = 2;
    public const uint PfR = 4;

    public const uint ShtNull = 0;
    public const uint ShtSymtab = 2;
    public const uint ShtStrtab = 3;
    public const uint ShtDynamic = 6;
    public const uint ShtNobits = 8;
    public const uint ShtDynsym = 11;
    public const ulong ShfWrite = 1;
    public const ulong ShfAlloc = 2;
    public const ushort ShnUndef = 0;

    public const int DtNum = 35;
    public const ulong DtNull = 0;
    public const int DtSymtab = 6;
    public const int DtRel = 17;
    public const int DtRelSz = 18;
    public const int DtRelEnt = 19;

    public const byte SttFunc = 2;

    /// <summary>The legacy "SBPFv2" e_flags value; maps to <see cref="SbpfVersion.Reserved"/>.</summary>
    public const uint EfSbpfV2 = 0x20;
    public const int EFlagsOffset = 48;

    /// <summary>Relocation types (numbered as the x86_64 ones the toolchain emits).</summary>
    public const uint RBpfNone = 0;
    public const uint RBpf64_64 = 1;
    public const uint RBpf64Relative = 8;
    public const uint RBpf64_32 = 10;

    /// <summary>Longest section name the lenient parser accepts (bytes, without the NUL).</summary>
    public const int SectionNameLengthMaximum = 16;
    public const int SymbolNameLengthMaximum = 64;

    internal static readonly byte[] ElfMagic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
}

/// <summary>The ELF64 file header, read field by field (little-endian).</summary>
public readonly struct Elf64Header
{
    public readonly byte Class, Data, IdentVersion, OsAbi, AbiVersion;
    public readonly bool MagicOk, PadZero;
    public readonly ushort Type, Machine;
    public readonly uint Version;
    public readonly ulong Entry, PhOff, ShOff;
    public readonly uint Flags;
    public readonly ushort EhSize, PhEntSize, PhNum, ShEntSize, ShNum, ShStrNdx;

    public Elf64Header(ReadOnlySpan<byte> b)
    {
        MagicOk = b[..4].SequenceEqual(ElfConstants.ElfMagic);
        Class = b[4]; Data = b[5]; IdentVersion = b[6]; OsAbi = b[7]; AbiVersion = b[8];
        PadZero = b.Slice(9, 7).IndexOfAnyExcept((byte)0) < 0;
        Type = BinaryPrimitives.ReadUInt16LittleEndian(b[16..]);
        Machine = BinaryPrimitives.ReadUInt16LittleEndian(b[18..]);
        Version = BinaryPrimitives.ReadUInt32LittleEndian(b[20..]);
        Entry = BinaryPrimitives.ReadUInt64LittleEndian(b[24..]);
        PhOff = BinaryPrimitives.ReadUInt64LittleEndian(b[32..]);
        ShOff = BinaryPrimitives.ReadUInt64LittleEndian(b[40..]);
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(b[48..]);
        EhSize = BinaryPrimitives.ReadUInt16LittleEndian(b[52..]);
        PhEntSize = BinaryPrimitives.ReadUInt16LittleEndian(b[54..]);
        PhNum = BinaryPrimitives.ReadUInt16LittleEndian(b[56..]);
        ShEntSize = BinaryPrimitives.ReadUInt16LittleEndian(b[58..]);
        ShNum = BinaryPrimitives.ReadUInt16LittleEndian(b[60..]);
        ShStrNdx = BinaryPrimitives.ReadUInt16LittleEndian(b[62..]);
    }
}

public readonly struct Elf64ProgramHeader
{
    public readonly uint Type, Flags;
    public readonly ulong Offset, Vaddr, Paddr, FileSize, MemSize, Align;

    public Elf64ProgramHeader(ReadOnlySpan<byte> b)
    {
        Type = BinaryPrimitives.ReadUInt32LittleEndian(b);
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        Offset = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]);
        Vaddr = BinaryPrimitives.ReadUInt64LittleEndian(b[16..]);
        Paddr = BinaryPrimitives.ReadUInt64LittleEndian(b[24..]);
        FileSize = BinaryPrimitives.ReadUInt64LittleEndian(b[32..]);
        MemSize = BinaryPrimitives.ReadUInt64LittleEndian(b[40..]);
        Align = BinaryPrimitives.ReadUInt64LittleEndian(b[48..]);
    }

    /// <summary>[p_vaddr, p_vaddr + p_memsz) with a saturating end.</summary>
    public bool VmRangeContains(ulong address) => address >= Vaddr && address < VmEnd;

    public ulong VmEnd => Checked.SatAdd(Vaddr, MemSize);

    /// <summary>File bytes of a PT_LOAD segment; empty range for other types.</summary>
    public (ulong Start, ulong End) FileRange => Type == ElfConstants.PtLoad ? (Offset, Checked.SatAdd(Offset, FileSize)) : (0, 0);
}

public readonly struct Elf64SectionHeader
{
    public readonly uint Name, Type;
    public readonly ulong Flags, Addr, Offset, Size;
    public readonly uint Link, Info;
    public readonly ulong AddrAlign, EntSize;

    public Elf64SectionHeader(ReadOnlySpan<byte> b)
    {
        Name = BinaryPrimitives.ReadUInt32LittleEndian(b);
        Type = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        Flags = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]);
        Addr = BinaryPrimitives.ReadUInt64LittleEndian(b[16..]);
        Offset = BinaryPrimitives.ReadUInt64LittleEndian(b[24..]);
        Size = BinaryPrimitives.ReadUInt64LittleEndian(b[32..]);
        Link = BinaryPrimitives.ReadUInt32LittleEndian(b[40..]);
        Info = BinaryPrimitives.ReadUInt32LittleEndian(b[44..]);
        AddrAlign = BinaryPrimitives.ReadUInt64LittleEndian(b[48..]);
        EntSize = BinaryPrimitives.ReadUInt64LittleEndian(b[56..]);
    }

    public bool IsWritable => (Flags & (ElfConstants.ShfAlloc | ElfConstants.ShfWrite)) == (ElfConstants.ShfAlloc | ElfConstants.ShfWrite);

    /// <summary>File bytes of the section; empty range for SHT_NOBITS.</summary>
    public (ulong Start, ulong End) FileRange => Type != ElfConstants.ShtNobits ? (Offset, Checked.SatAdd(Offset, Size)) : (0, 0);

    public ulong VmEnd => Checked.SatAdd(Addr, Size);

    public bool VmRangeContains(ulong address) => address >= Addr && address < VmEnd;
}

public readonly struct Elf64Symbol
{
    public readonly uint Name;
    public readonly byte Info, Other;
    public readonly ushort SectionIndex;
    public readonly ulong Value, Size;

    public Elf64Symbol(ReadOnlySpan<byte> b)
    {
        Name = BinaryPrimitives.ReadUInt32LittleEndian(b);
        Info = b[4];
        Other = b[5];
        SectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]);
        Value = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]);
        Size = BinaryPrimitives.ReadUInt64LittleEndian(b[16..]);
    }

    public bool IsFunction => (Info & 0xF) == ElfConstants.SttFunc;
}

public readonly struct Elf64Rel
{
    public readonly ulong Offset, Info;

    public Elf64Rel(ReadOnlySpan<byte> b)
    {
        Offset = BinaryPrimitives.ReadUInt64LittleEndian(b);
        Info = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]);
    }

    public uint Type => (uint)Info;

    public uint Symbol => (uint)(Info >> 32);
}

/// <summary>Overflow-aware arithmetic with the semantics of Rust's checked/saturating u64 operations.</summary>
internal static class Checked
{
    public static ulong SatAdd(ulong a, ulong b) { ulong r = a + b; return r < a ? ulong.MaxValue : r; }

    public static ulong SatSub(ulong a, ulong b) => a > b ? a - b : 0;

    public static ulong SatMul(ulong a, ulong b) => Math.BigMul(a, b, out var lo) != 0 ? ulong.MaxValue : lo;

    public static bool Add(ulong a, ulong b, out ulong r) { r = a + b; return r >= a; }

    /// <summary>True when [start, end) is a valid slice of a buffer of <paramref name="length"/> bytes.</summary>
    public static bool InBuffer(ulong start, ulong end, int length) => start <= end && end <= (ulong)length;
}
