using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Stratus.Sbpf.Elf;

/// <summary>
/// sbpf 0.10.1's <c>load_with_lenient_parser</c>: the section-header based loader used for every version
/// below V3. It works on a private copy of the bytes, which relocation rewrites in place.
/// Internally it classifies the file only as V0 or (e_flags 0x20) Reserved; the caller stamps the real
/// version afterwards, so V1/V2 files are parsed and relocated exactly like V0 ones.
/// </summary>
internal static class LenientElfLoader
{
    private const ulong RodataStart = MemoryLayout.ProgramStart;
    private const ulong StackStart = MemoryLayout.StackStart;
    private const int ImmOffset = 4;
    private const int InsnSize = 8;
    private const byte CallImm = 0x85;

    public static ElfError? Load(byte[] input, ElfLoaderConfig config, SyscallRegistry syscalls, out LoadedElf? loaded)
    {
        loaded = null;
        var parseErr = Elf64File.Parse(input, out var elf);
        if (parseErr != null) return parseErr.ToElfError();

        var header = elf!.Header;
        var version = InternalVersion(header.Flags);

        var err = Validate(config, elf);
        if (err != null) return err;

        // The copy that relocation rewrites; the parsed tables keep pointing at the original bytes.
        var bytes = (byte[])input.Clone();

        err = GetSection(elf, ".text"u8, out var text);
        if (err != null) return err;
        ulong textVaddr = EnableElfVaddr(version) && text.Addr >= RodataStart ? text.Addr : Checked.SatAdd(text.Addr, RodataStart);
        ulong vaddrEnd = RejectRodataStackOverlap(version) ? Checked.SatAdd(textVaddr, text.Size) : textVaddr;
        if ((config.RejectBrokenElfs && !EnableElfVaddr(version) && text.Addr != text.Offset) || vaddrEnd > StackStart)
            return ElfError.ValueOutOfBounds;

        var functions = new LoaderFunctionRegistry();
        err = Relocate(functions, syscalls, config, elf, bytes, version);
        if (err != null) return err;

        ulong offset = Checked.SatSub(header.Entry, text.Addr);
        if (offset % InsnSize != 0) return ElfError.InvalidEntrypoint;
        ulong entryPc = offset / InsnSize;
        bool hashNames = !StaticSyscalls(version);
        if (hashNames) functions.Unregister(LoaderFunctionRegistry.EntrypointKey);
        err = functions.RegisterHashedLegacy(syscalls, config, hashNames, "entrypoint"u8, entryPc, out _);
        if (err != null) return err;

        err = ReadOnlySections.Parse(config, version, elf, bytes, out var ro);
        if (err != null) return err;

        var (textStart, textEnd) = text.FileRange;
        loaded = new LoadedElf(version, bytes.AsSpan((int)textStart, (int)(textEnd - textStart)).ToArray(), textVaddr,
            textStart, entryPc, functions, ro!);
        return null;
    }

    internal static SbpfVersion InternalVersion(uint eFlags) => eFlags == ElfConstants.EfSbpfV2 ? SbpfVersion.Reserved : SbpfVersion.V0;

    // sbpf 0.10.1 feature switches the lenient path consults; all are "not V0" or ">= V3" there, so
    // for the internal version (V0 or Reserved) they are simply "is Reserved".
    internal static bool EnableElfVaddr(SbpfVersion v) => v != SbpfVersion.V0;

    internal static bool RejectRodataStackOverlap(SbpfVersion v) => v != SbpfVersion.V0;

    internal static bool StaticSyscalls(SbpfVersion v) => v >= SbpfVersion.V3;

    /// <summary>sbpf's <c>Executable::validate</c>.</summary>
    internal static ElfError? Validate(ElfLoaderConfig config, Elf64File elf)
    {
        var h = elf.Header;
        if (h.Class != ElfConstants.ElfClass64) return ElfError.WrongClass;
        if (h.Data != ElfConstants.ElfData2Lsb) return ElfError.WrongEndianess;
        if (h.OsAbi != ElfConstants.ElfOsAbiNone) return ElfError.WrongAbi;
        if (h.Machine != ElfConstants.EmBpf && h.Machine != ElfConstants.EmSbpf) return ElfError.WrongMachine;
        if (h.Type != ElfConstants.EtDyn) return ElfError.WrongType;

        var version = InternalVersion(h.Flags);
        if (!config.IsEnabled(version)) return ElfError.UnsupportedSbpfVersion;

        if (EnableElfVaddr(version))
        {
            // Without optimize_rodata the ro copy would span the whole vaddr range.
            if (!config.OptimizeRodata) return ElfError.UnsupportedSbpfVersion;
            if (elf.ProgramHeaders.Length >= 10) return ElfError.InvalidProgramHeader;
        }

        int textSections = 0;
        foreach (var sh in elf.SectionHeaders)
            if (elf.SectionName(sh.Name, out var name) == null && name.SequenceEqual(".text"u8))
                textSections++;
        if (textSections != 1) return ElfError.NotOneTextSection;

        foreach (var sh in elf.SectionHeaders)
        {
            if (elf.SectionName(sh.Name, out var name) != null) continue;
            if (name.StartsWith(".bss"u8) || (sh.IsWritable && name.StartsWith(".data"u8) && !name.StartsWith(".data.rel"u8)))
                return ElfError.WritableSectionNotSupported(Encoding.UTF8.GetString(name));
        }

        foreach (var sh in elf.SectionHeaders)
        {
            if (!Checked.Add(sh.Offset, sh.Size, out var end)) return ElfError.ValueOutOfBounds;
            if (!Checked.InBuffer(sh.Offset, end, elf.Bytes.Length)) return ElfError.ValueOutOfBounds;
        }

        var err = GetSection(elf, ".text"u8, out var text);
        if (err != null) return err;
        if (!text.VmRangeContains(h.Entry)) return ElfError.EntrypointOutOfBounds;
        return null;
    }

    /// <summary>The first section with the given name (sbpf's <c>get_section</c>).</summary>
    internal static ElfError? GetSection(Elf64File elf, ReadOnlySpan<byte> name, out Elf64SectionHeader section)
    {
        foreach (var sh in elf.SectionHeaders)
        {
            var err = elf.SectionName(sh.Name, out var n);
            if (err != null)
            {
                section = default;
                return err.ToElfError();
            }
            if (n.SequenceEqual(name))
            {
                section = sh;
                return null;
            }
        }
        section = default;
        return ElfError.SectionNotFound(Encoding.UTF8.GetString(name));
    }

    private static ElfError? Relocate(LoaderFunctionRegistry functions, SyscallRegistry syscalls, ElfLoaderConfig config, Elf64File elf, byte[] bytes, SbpfVersion version)
    {
        var err = GetSection(elf, ".text"u8, out var text);
        if (err != null) return err;
        bool hashNames = !StaticSyscalls(version);
        var (textStart, textEnd) = text.FileRange;
        if (!Checked.InBuffer(textStart, textEnd, bytes.Length)) return ElfError.ValueOutOfBounds;

        // Every `call imm` other than imm = -1 is a pc-relative bpf-to-bpf call: register its target and
        // replace imm by the target's key.
        ulong instructionCount = (textEnd - textStart) / InsnSize;
        for (ulong i = 0; i < instructionCount; i++)
        {
            int at = (int)(textStart + i * InsnSize);
            if (bytes[at] != CallImm) continue;
            int imm = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + ImmOffset));
            if (imm == -1) continue;
            long targetPc = (long)i + 1 + imm;
            if (targetPc < 0 || targetPc >= (long)instructionCount) return ElfError.RelativeJumpOutOfBounds(i);
            byte[] name = config.EnableSymbolAndSectionLabels ? Encoding.ASCII.GetBytes($"function_{targetPc}") : [];
            err = functions.RegisterHashedLegacy(syscalls, config, hashNames, name, (ulong)targetPc, out var key);
            if (err != null) return err;
            if (hashNames)
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + ImmOffset), key);
        }

        var relocations = elf.DynamicRelocations;
        if (relocations != null)
        {
            var syscallCache = new Dictionary<uint, uint>();
            int cachedHeader = -1;
            foreach (var rel in relocations)
            {
                ulong rOffset = rel.Offset;
                if (EnableElfVaddr(version))
                {
                    if (cachedHeader < 0 || !elf.ProgramHeaders[cachedHeader].VmRangeContains(rOffset))
                        cachedHeader = Array.FindIndex(elf.ProgramHeaders, p => p.VmRangeContains(rOffset));
                    if (cachedHeader < 0) return ElfError.ValueOutOfBounds;
                    var ph = elf.ProgramHeaders[cachedHeader];
                    rOffset = Checked.SatAdd(Checked.SatSub(rOffset, ph.Vaddr), ph.Offset);
                }

                bool inText = rOffset >= textStart && rOffset < textEnd;
                switch (rel.Type)
                {
                    case ElfConstants.RBpf64_64:
                        err = Relocate64_64(elf, bytes, rel, rOffset, inText || version == SbpfVersion.V0);
                        break;
                    case ElfConstants.RBpf64Relative:
                        err = Relocate64Relative(bytes, rOffset, inText, version);
                        break;
                    case ElfConstants.RBpf64_32:
                        err = Relocate64_32(functions, syscalls, config, elf, bytes, rel, rOffset, text, hashNames, syscallCache);
                        break;
                    default:
                        return ElfError.UnknownRelocation(rel.Type);
                }
                if (err != null) return err;
            }
        }

        if (config.EnableSymbolAndSectionLabels)
        {
            // Name every function in .symtab (a malformed .symtab is silently ignored, as in sbpf).
            foreach (var symbol in elf.SymbolTableOrNull() ?? [])
            {
                if ((symbol.Info & 0xEF) != 0x02) continue;
                if (!text.VmRangeContains(symbol.Value)) return ElfError.ValueOutOfBounds;
                ulong targetPc = Checked.SatSub(symbol.Value, text.Addr) / InsnSize;
                if (elf.SymbolName(symbol.Name, out var name) != null) return ElfError.UnknownSymbol(symbol.Name);
                err = functions.RegisterHashedLegacy(syscalls, config, hashNames, name, targetPc, out _);
                if (err != null) return err;
            }
        }
        return null;
    }

    // A little-endian u32 or u64 at `offset`, only when all of its bytes are inside the file.
    private static bool TryRead<T>(byte[] bytes, ulong offset, out T value) where T : unmanaged, IBinaryInteger<T>
    {
        value = T.Zero;
        if (!InFile<T>(bytes, offset)) return false;
        value = T.ReadLittleEndian(bytes.AsSpan((int)offset, Unsafe.SizeOf<T>()), isUnsigned: true);
        return true;
    }

    private static bool TryWrite<T>(byte[] bytes, ulong offset, T value) where T : unmanaged, IBinaryInteger<T>
    {
        if (!InFile<T>(bytes, offset)) return false;
        value.WriteLittleEndian(bytes, (int)offset);
        return true;
    }

    private static bool InFile<T>(byte[] bytes, ulong offset) where T : unmanaged =>
        Checked.InBuffer(offset, Checked.SatAdd(offset, (ulong)Unsafe.SizeOf<T>()), bytes.Length);

    /// <summary>R_BPF_64_64: symbol value + the 32-bit addend in the imm, moved into the program region.</summary>
    private static ElfError? Relocate64_64(Elf64File elf, byte[] bytes, Elf64Rel rel, ulong rOffset, bool asLddw)
    {
        ulong immOffset = asLddw ? Checked.SatAdd(rOffset, ImmOffset) : rOffset;
        if (!TryRead(bytes, immOffset, out uint refdAddr)) return ElfError.ValueOutOfBounds;
        var symbols = elf.DynamicSymbols;
        if (symbols == null || rel.Symbol >= (ulong)symbols.Length) return ElfError.UnknownSymbol(rel.Symbol);
        ulong addr = Checked.SatAdd(symbols[rel.Symbol].Value, refdAddr);
        if (addr < RodataStart) addr = Checked.SatAdd(RodataStart, addr);
        if (asLddw)
        {
            if (!TryWrite(bytes, immOffset, (uint)addr)) return ElfError.ValueOutOfBounds;
            if (!TryWrite(bytes, Checked.SatAdd(immOffset, InsnSize), (uint)(addr >> 32))) return ElfError.ValueOutOfBounds;
        }
        else if (!TryWrite(bytes, immOffset, addr))
        {
            return ElfError.ValueOutOfBounds;
        }
        return null;
    }

    /// <summary>R_BPF_64_RELATIVE: an address inside the file, moved into the program region.</summary>
    private static ElfError? Relocate64Relative(byte[] bytes, ulong rOffset, bool inText, SbpfVersion version)
    {
        ulong immOffset = Checked.SatAdd(rOffset, ImmOffset);
        if (inText)
        {
            // An lddw: the address is split over the imms of its two slots.
            ulong immHigh = Checked.SatAdd(Checked.SatAdd(rOffset, InsnSize), ImmOffset);
            if (!TryRead(bytes, immOffset, out uint low)) return ElfError.ValueOutOfBounds;
            if (!TryRead(bytes, immHigh, out uint high)) return ElfError.ValueOutOfBounds;
            ulong refdAddr = ((ulong)high << 32) | low;
            if (refdAddr == 0) return ElfError.InvalidVirtualAddress(refdAddr);
            if (refdAddr < RodataStart) refdAddr = Checked.SatAdd(RodataStart, refdAddr);
            if (!TryWrite(bytes, immOffset, (uint)refdAddr)) return ElfError.ValueOutOfBounds;
            if (!TryWrite(bytes, immHigh, (uint)(refdAddr >> 32))) return ElfError.ValueOutOfBounds;
            return null;
        }

        ulong value;
        if (version != SbpfVersion.V0)
        {
            if (!TryRead(bytes, rOffset, out value)) return ElfError.ValueOutOfBounds;
            if (value < RodataStart) value = Checked.SatAdd(RodataStart, value);
        }
        else
        {
            // Toolchains before solana-labs/llvm-project#35 stored only the low 32 bits, shifted left
            // by 32, so V0 reads the u32 at offset + 4.
            if (!TryRead(bytes, immOffset, out uint low)) return ElfError.ValueOutOfBounds;
            value = Checked.SatAdd(RodataStart, low);
        }
        return TryWrite(bytes, rOffset, value) ? null : ElfError.ValueOutOfBounds;
    }

    /// <summary>R_BPF_64_32: a call to a named function (key of its pc) or to a syscall (key of its name).</summary>
    private static ElfError? Relocate64_32(LoaderFunctionRegistry functions, SyscallRegistry syscalls, ElfLoaderConfig config, Elf64File elf,
        byte[] bytes, Elf64Rel rel, ulong rOffset, in Elf64SectionHeader text, bool hashNames, Dictionary<uint, uint> syscallCache)
    {
        ulong immOffset = Checked.SatAdd(rOffset, ImmOffset);
        var symbols = elf.DynamicSymbols;
        if (symbols == null || rel.Symbol >= (ulong)symbols.Length) return ElfError.UnknownSymbol(rel.Symbol);
        var symbol = symbols[rel.Symbol];
        if (elf.DynamicSymbolName(symbol.Name, out var name) != null) return ElfError.UnknownSymbol(symbol.Name);

        uint key;
        if (symbol.IsFunction && symbol.Value != 0)
        {
            if (!text.VmRangeContains(symbol.Value)) return ElfError.ValueOutOfBounds;
            ulong targetPc = Checked.SatSub(symbol.Value, text.Addr) / InsnSize;
            var err = functions.RegisterHashedLegacy(syscalls, config, hashNames, name, targetPc, out key);
            if (err != null) return err;
        }
        else
        {
            if (!syscallCache.TryGetValue(symbol.Name, out key))
            {
                key = Murmur3.Hash32(name);
                syscallCache[symbol.Name] = key;
            }
            if (config.RejectBrokenElfs && !syscalls.Contains(key))
                return ElfError.UnresolvedSymbol(Encoding.UTF8.GetString(name), rOffset / InsnSize, rOffset);
        }
        return TryWrite(bytes, immOffset, key) ? null : ElfError.ValueOutOfBounds;
    }
}
