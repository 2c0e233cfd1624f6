using System.Buffers.Binary;
using Stratus.Sbpf.Elf;
using Stratus.TestCommon;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>
/// The concrete numbers upstream test suites assert about these files (sbpf tests/elf.rs and
/// tests/execution.rs, Firedancer test_sbpf_loader.c / test_sbpf_elf_peek.c, Sig vm/tests.zig and
/// vm/elf.zig, Mithril loader_test.go), restated against our loader. Each was also confirmed with a
/// local run of solana-sbpf 0.10.1 where the upstream suite targets a newer loader.
/// </summary>
public class ElfUpstreamAssertionTests
{
    private const ulong ProgramStart = MemoryLayout.ProgramStart;

    private static ElfLoadResult Load(string file, string config, Func<byte[], byte[]>? mutate = null)
    {
        var (c, s) = ElfTestEnvironment.Get(config);
        var bytes = ElfTestEnvironment.ReadShared(file);
        return ElfLoader.Load(mutate == null ? bytes : mutate((byte[])bytes.Clone()), c, s);
    }

    private static Executable LoadOk(string file, string config)
    {
        var r = Load(file, config);
        Assert.True(r.IsOk, r.ToString());
        return r.Executable;
    }

    /// <summary>The 64-bit value of the lddw at slot <paramref name="pc"/>.</summary>
    private static ulong Lddw(Executable exe, ulong pc)
    {
        var text = exe.Text.AsSpan(checked((int)pc * 8));
        Assert.Equal(0x18, text[0]);
        return BinaryPrimitives.ReadUInt32LittleEndian(text[4..]) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(text[12..]) << 32);
    }

    private static Func<byte[], byte[]> SetU64(int offset, ulong value) => b => { BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(offset), value); return b; };

    private static Func<byte[], byte[]> SetU32(int offset, uint value) => b => { BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), value); return b; };

    // sbpf tests/elf.rs test_entrypoint
    [SharedFact("elfs/sbpf-tests/relative_call_sbpfv0.so")]
    public void Sbpf_entrypoint_rules()
    {
        const string f = "elfs/sbpf-tests/relative_call_sbpfv0.so";
        Assert.Equal(4UL, LoadOk(f, "sbpfdefault").EntryPc);
        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(ElfTestEnvironment.ReadShared(f).AsSpan(24));
        Assert.Equal(5UL, Load(f, "sbpfdefault", SetU64(24, entry + 8)).Executable!.EntryPc);
        Assert.Equal(ElfErrorKind.EntrypointOutOfBounds, Load(f, "sbpfdefault", SetU64(24, 1)).Error!.Kind);
        Assert.Equal(ElfErrorKind.EntrypointOutOfBounds, Load(f, "sbpfdefault", SetU64(24, ulong.MaxValue)).Error!.Kind);
        Assert.Equal(ElfErrorKind.InvalidEntrypoint, Load(f, "sbpfdefault", SetU64(24, entry + 9)).Error!.Kind);
    }

    // sbpf tests/elf.rs test_relative_call_oob_backward / _forward
    [SharedFact("elfs/sbpf-tests/relative_call_sbpfv0.so")]
    public void Sbpf_relative_call_out_of_bounds()
    {
        const string f = "elfs/sbpf-tests/relative_call_sbpfv0.so";
        Assert.Equal(ElfError.RelativeJumpOutOfBounds(8), Load(f, "sbpfdefault", SetU32(0x164, unchecked((uint)-11))).Error);
        Assert.Equal(ElfError.RelativeJumpOutOfBounds(11), Load(f, "sbpfdefault", SetU32(0x17c, 5)).Error);
    }

    // sbpf tests/elf.rs test_err_unresolved_syscall_reloc_64_32 (V0 only, reject_broken_elfs, no syscalls)
    // and execution.rs test_syscall_reloc_64_32 (loads once "log" is registered).
    [SharedFact("elfs/sbpf-tests/syscall_reloc_64_32_sbpfv0.so")]
    public void Sbpf_unresolved_syscall()
    {
        var bytes = ElfTestEnvironment.ReadShared("elfs/sbpf-tests/syscall_reloc_64_32_sbpfv0.so");
        var strict = new ElfLoaderConfig { MinVersion = SbpfVersion.V0, MaxVersion = SbpfVersion.V0, RejectBrokenElfs = true };
        var r = ElfLoader.Load(bytes, strict, new SyscallRegistry());
        Assert.Equal(ElfError.UnresolvedSymbol("log", 39, 312), r.Error);
        Assert.Equal("Unresolved symbol (log) at instruction #39 (ELF file offset 0x138)", r.Error!.ToString());

        var withLog = new SyscallRegistry();
        withLog.Register("log", NoopSyscall.Instance);
        var ok = ElfLoader.Load(bytes, strict, withLog);
        Assert.True(ok.IsOk, ok.ToString());
        // The call's imm now holds murmur3("log"), which the VM resolves through the syscall registry.
        Assert.Equal(Murmur3.SyscallKey("log"), BinaryPrimitives.ReadUInt32LittleEndian(ok.Executable.Text.AsSpan(39 * 8 - (int)(ok.TextFileOffset) + 4)));
    }

    // sbpf tests/elf.rs test_long_section_name, test_writable_data_section, test_bss_section,
    // test_program_headers_overflow, test_long_dynamic_symbol_name
    [SharedFact("elfs/sbpf-tests")]
    public void Sbpf_rejected_files()
    {
        Assert.Equal(ElfError.FailedToParse("Section or symbol name `.bss.__rust_no_a` is longer than `16` bytes"),
            Load("elfs/sbpf-tests/long_section_name.so", "sbpfdefault").Error);
        Assert.Equal(ElfError.WritableSectionNotSupported(".data"), Load("elfs/sbpf-tests/data_section_sbpfv0.so", "sbpfdefault").Error);
        Assert.Equal(ElfError.WritableSectionNotSupported(".bss"), Load("elfs/sbpf-tests/bss_section_sbpfv0.so", "sbpfdefault").Error);
        Assert.Equal(ElfError.InvalidProgramHeader, Load("elfs/sbpf-tests/program_headers_overflow.so", "sbpfdefault").Error);
        Assert.Equal(ElfErrorKind.UnknownSymbol, Load("elfs/sbpf-tests/long_dynamic_symbol_name_sbpfv0.so", "sbpfdefault").Error!.Kind);
        Assert.Equal(ElfErrorKind.UnknownSymbol, Load("elfs/sbpf-tests/long_dynamic_symbol_name_sbpfv0.so", "sbpfdefault_labels").Error!.Kind);
    }

    // sbpf execution.rs test_reloc_64_64_sbpfv0 / test_reloc_64_relative_sbpfv0 /
    // test_reloc_64_relative_data_sbpfv0 / test_struct_func_pointer_sbpfv0, Sig vm/tests.zig "BPF_64_64 sbpfv0",
    // "BPF_64_RELATIVE sbpv0", "BPF_64_RELATIVE data sbpv0", "struct func pointer sbpfv0": the values the
    // programs return are the relocated lddw operands (or the word they load).
    [SharedTheory("elfs/sbpf-tests", "elfs/sig-test-elfs")]
    [InlineData("sbpf-tests", 0x160UL, 0x140UL)]
    [InlineData("sig-test-elfs", 0x140UL, 0x138UL)]
    public void Relocated_values(string dir, ulong dataAddress, ulong rodataAddress)
    {
        foreach (var config in new[] { "v0_exec", "v3_deploy", "sbpfdefault" })
        {
            var exe = LoadOk($"elfs/{dir}/reloc_64_64_sbpfv0.so", config);
            Assert.Equal(ProgramStart + 0x120, Lddw(exe, exe.EntryPc)); // address of the entrypoint

            exe = LoadOk($"elfs/{dir}/reloc_64_relative_sbpfv0.so", config);
            Assert.Equal(ProgramStart + 0x138, Lddw(exe, exe.EntryPc)); // first .rodata byte

            // The lddw points at the .data.rel.ro word, which was relocated (V0 rule: base + the u32 at
            // offset + 4) to the first .rodata byte. sbpf's build then loads that word (returns 0x1_0000_0140);
            // Sig's build returns the lddw value itself (0x1_0000_0140 as well).
            exe = LoadOk($"elfs/{dir}/reloc_64_relative_data_sbpfv0.so", config);
            ulong pointer = Lddw(exe, exe.EntryPc);
            Assert.Equal(ProgramStart + dataAddress, pointer);
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(exe.ReadOnlyRegion.AsSpan((int)(pointer - exe.ReadOnlyRegionVaddr)));
            Assert.Equal(ProgramStart + rodataAddress, word);

            exe = LoadOk($"elfs/{dir}/struct_func_pointer_sbpfv0.so", config);
            Assert.Equal(0x0102030405060708UL, Lddw(exe, exe.EntryPc));
        }
    }

    // sbpf tests/elf.rs test_entrypoint (entry 4); the "entrypoint" key is murmur3("entrypoint") for V0.
    [SharedFact("elfs/sbpf-tests/relative_call_sbpfv0.so")]
    public void Entrypoint_is_registered_under_its_name_hash()
    {
        var exe = LoadOk("elfs/sbpf-tests/relative_call_sbpfv0.so", "v0_exec");
        Assert.Equal(0x71e3cf81u, Murmur3.SyscallKey("entrypoint"));
        Assert.True(exe.Functions.TryGet(0x71e3cf81u, out var name, out var pc));
        Assert.Equal("entrypoint", name);
        Assert.Equal(exe.EntryPc, pc);
        // Every other function is keyed by murmur3 of its pc, and calls carry that key.
        foreach (var (key, (_, fpc)) in exe.Functions.Entries)
            if (key != 0x71e3cf81u) Assert.Equal(Murmur3.FunctionKey(fpc), key);
    }

    // Firedancer test_sbpf_loader.c test_duplicate_entrypoint_entry: entry pc 3920, and the bogus
    // second "entrypoint" dynsym entry (pc 595) is not registered.
    [SharedFact("elfs/firedancer-ballet-sbpf/duplicate_entrypoint_entry.elf")]
    public void Firedancer_duplicate_entrypoint()
    {
        var exe = LoadOk("elfs/firedancer-ballet-sbpf/duplicate_entrypoint_entry.elf", "v3_exec");
        Assert.Equal(3920UL, exe.EntryPc);
        Assert.DoesNotContain(exe.Functions.Entries, e => e.Value.Pc == 595);
        Assert.Contains(exe.Functions.Entries, e => e.Value.Pc == 3920);
    }

    // Firedancer test_zero_text_cnt: loads without deploy checks with entry pc 0 (sbpf: and not at deployment).
    [SharedFact("elfs/firedancer-ballet-sbpf/zero_text_cnt.elf")]
    public void Firedancer_zero_text()
    {
        Assert.Equal(0UL, LoadOk("elfs/firedancer-ballet-sbpf/zero_text_cnt.elf", "v3_exec").EntryPc);
        Assert.Equal(ElfError.ValueOutOfBounds, Load("elfs/firedancer-ballet-sbpf/zero_text_cnt.elf", "v3_deploy").Error);
    }

    // Firedancer test_sbpf_elf_peek.c: version selection.
    [SharedFact("elfs/firedancer-ballet-sbpf")]
    public void Firedancer_version_peek()
    {
        Assert.Equal(SbpfVersion.V0, LoadOk("elfs/firedancer-ballet-sbpf/hello_solana_program.so", "v3_exec").Version);
        Assert.Equal(SbpfVersion.V0, LoadOk("elfs/firedancer-ballet-sbpf/hello_solana_program_sbpf_v2.so", "v0_exec").Version);
        Assert.Equal(SbpfVersion.V2, LoadOk("elfs/firedancer-ballet-sbpf/hello_solana_program_sbpf_v2.so", "v2_exec").Version);
        Assert.Equal(ElfError.UnsupportedSbpfVersion, Load("elfs/firedancer-ballet-sbpf/hello_solana_program_old_sbpf_v2.so", "v0_exec").Error);
        Assert.Equal(ElfError.UnsupportedSbpfVersion, Load("elfs/firedancer-ballet-sbpf/hello_solana_program_old_sbpf_v2.so", "v3_exec").Error);
    }

    // Mithril loader_test.go TestLoader_Noop: with Agave's optimize_rodata = false the region starts at
    // 0x1_0000_0000 and covers [0, 0x1060): .rodata at [0x2b8, 0x2c3), .text at [0x1000, 0x1060), zeros elsewhere.
    [SharedFact("elfs/mithril-sbpf/noop.so")]
    public void Mithril_noop_layout()
    {
        var file = ElfTestEnvironment.ReadShared("elfs/mithril-sbpf/noop.so");
        var r = Load("elfs/mithril-sbpf/noop.so", "v3_exec");
        Assert.True(r.IsOk, r.ToString());
        var exe = r.Executable;
        Assert.Equal(ReadOnlyLayout.Owned, r.ReadOnly.Layout);
        Assert.Equal(0UL, exe.EntryPc);
        Assert.Equal(ProgramStart, exe.ReadOnlyRegionVaddr);
        Assert.Equal(ProgramStart + 0x1000, exe.TextVaddr);
        Assert.Equal(0x1060, exe.ReadOnlyRegion.Length);
        var ro = exe.ReadOnlyRegion.AsSpan();
        Assert.True(ro[..0x2b8].IndexOfAnyExcept((byte)0) < 0);
        Assert.True(ro[0x2b8..0x2c3].SequenceEqual(file.AsSpan(0x2b8, 0x2c3 - 0x2b8)));
        Assert.True(ro[0x2c3..0x1000].IndexOfAnyExcept((byte)0) < 0);
        Assert.True(ro[0x1000..0x1060].SequenceEqual(exe.Text));

        // sbpf's own default (optimize_rodata) borrows the file bytes from the first ro byte instead
        // (.rodata and .text are adjacent in the section table and sh_addr == sh_offset).
        var borrowed = Load("elfs/mithril-sbpf/noop.so", "sbpfdefault");
        Assert.Equal(ReadOnlyLayout.Borrowed, borrowed.ReadOnly!.Layout);
        Assert.Equal(ProgramStart + 0x2b8, borrowed.Executable!.ReadOnlyRegionVaddr);
        Assert.Equal(0x1060 - 0x2b8, borrowed.Executable.ReadOnlyRegion.Length);
        Assert.True(borrowed.Executable.ReadOnlyRegion.AsSpan(0, 0x2c3 - 0x2b8).SequenceEqual(file.AsSpan(0x2b8, 0x2c3 - 0x2b8)));
    }

    // Sig vm/elf.zig "SHT_DYNAMIC fallback" and "lenient parse rejects nonstandard e_version".
    [SharedFact("elfs/sig-test-elfs")]
    public void Sig_parser_cases()
    {
        var fallback = Load("elfs/sig-test-elfs/struct_func_pointer_sbpfv0.so", "v0_exec", SetU32(232, 0));
        Assert.True(fallback.IsOk, fallback.ToString());
        Assert.Equal(ElfError.FailedToParse("invalid file header"),
            Load("elfs/sig-test-elfs/relative_call_sbpfv0.so", "v0_exec", SetU32(20, 0x00010001)).Error);
    }

    // Sig's (since removed) "hash collision" test: a syscall whose key equals murmur3 of pc 0.
    // "col_x7y5tba" was mined to hash to murmur3(0u64 LE) = 0x63852afc. sbpf 0.10.1 registers .symtab
    // functions only with labels enabled, so this file collides only then; a file with a pc-relative
    // call to pc 0 collides always.
    [SharedFact("elfs/sig-test-elfs/hash_collision_sbpfv0.so", "elfs/sbpf-tests/relative_call_sbpfv0.so")]
    public void Function_and_syscall_key_collisions()
    {
        Assert.Equal(0x63852afcu, Murmur3.FunctionKey(0));
        Assert.Equal(0x63852afcu, Murmur3.SyscallKey("col_x7y5tba"));
        var colliding = new SyscallRegistry();
        colliding.Register("col_x7y5tba", NoopSyscall.Instance);
        var v0 = new ElfLoaderConfig { MaxVersion = SbpfVersion.V0, OptimizeRodata = false };

        var hashCollision = ElfTestEnvironment.ReadShared("elfs/sig-test-elfs/hash_collision_sbpfv0.so");
        Assert.True(ElfLoader.Load(hashCollision, v0, colliding).IsOk);
        Assert.Equal(ElfError.SymbolHashCollision(0x63852afc),
            ElfLoader.Load(hashCollision, v0 with { EnableSymbolAndSectionLabels = true }, colliding).Error);
        Assert.Equal(ElfError.SymbolHashCollision(0x63852afc),
            ElfLoader.Load(ElfTestEnvironment.ReadShared("elfs/sbpf-tests/relative_call_sbpfv0.so"), v0, colliding).Error);

        // A syscall named "entrypoint" collides with the entrypoint's key in V0-V2 (not in V3, keyed by pc).
        var entrypoint = new SyscallRegistry();
        entrypoint.Register("entrypoint", NoopSyscall.Instance);
        Assert.Equal(ElfError.SymbolHashCollision(0x71e3cf81),
            ElfLoader.Load(hashCollision, new ElfLoaderConfig { OptimizeRodata = false }, entrypoint).Error);
        Assert.True(ElfLoader.Load(ElfTestEnvironment.ReadShared("elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/sbpfv3_return_ok.so"),
            new ElfLoaderConfig { OptimizeRodata = false }, entrypoint).IsOk);
    }

    // Tachyon bpf_loader tests deploy sbpfv3_return_ok with SBPFv3 enabled. In 0.10.1 the strict parser
    // maps bytecode at vaddr 0, rodata at 1<<32 and keys functions by their pc.
    [SharedFact("elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/sbpfv3_return_ok.so")]
    public void Strict_v3_layout()
    {
        var r = Load("elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/sbpfv3_return_ok.so", "v3_deploy");
        Assert.True(r.IsOk, r.ToString());
        var exe = r.Executable;
        Assert.Equal(SbpfVersion.V3, exe.Version);
        Assert.Equal(0UL, exe.TextVaddr);
        Assert.Equal(ProgramStart, exe.ReadOnlyRegionVaddr);
        Assert.Equal(ReadOnlyLayout.Borrowed, r.ReadOnly.Layout);
        Assert.Equal(4UL, exe.EntryPc);
        Assert.Equal(new[] { (0u, 0UL), (4u, 4UL) }, exe.Functions.Entries.Select(e => (e.Key, e.Value.Pc)).Order());

        var labels = Load("elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/sbpfv3_return_ok.so", "sbpfdefault_labels").Executable!;
        Assert.True(labels.Functions.TryGet(4, out var name, out _));
        Assert.Equal("entrypoint", name);
    }
}
