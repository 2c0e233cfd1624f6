namespace Stratus.Sbpf;

/// <summary>
/// A loaded, relocated program ready for verification and execution. Produced by the ELF loader
/// (<c>Elf/ElfLoader</c>) or directly from raw bytecode (<see cref="FromText"/>) for tests and
/// conformance vectors.
/// </summary>
public sealed class Executable
{
    public required SbpfVersion Version { get; init; }

    /// <summary>Bytecode, 8 bytes per slot, after relocation.</summary>
    public required byte[] Text { get; init; }

    /// <summary>Virtual address of the first text slot (0x1_0000_0000 + offset for V0-V2; 0 for V3).</summary>
    public required ulong TextVaddr { get; init; }

    /// <summary>Contents of the read-only program region (text + rodata as the loader lays it out).</summary>
    public required byte[] ReadOnlyRegion { get; init; }

    /// <summary>Virtual address at which <see cref="ReadOnlyRegion"/> starts.</summary>
    public required ulong ReadOnlyRegionVaddr { get; init; }

    /// <summary>Entry point as a slot index into <see cref="Text"/>.</summary>
    public required ulong EntryPc { get; init; }

    public required FunctionRegistry Functions { get; init; }

    /// <summary>The syscalls the program was loaded against.</summary>
    public required SyscallRegistry Syscalls { get; init; }

    /// <summary>Number of 8-byte instruction slots.</summary>
    public int SlotCount => Text.Length / 8;

    private readonly Interpreter.DecodedProgram?[] _decoded = new Interpreter.DecodedProgram?[2];

    /// <summary>The text decoded for the interpreter under a dialect, built once and shared by all VMs.</summary>
    internal Interpreter.DecodedProgram GetDecoded(SbpfDialect dialect)
    {
        int slot = dialect == SbpfDialect.Simd0377 ? 1 : 0;
        var decoded = Volatile.Read(ref _decoded[slot]);
        if (decoded != null) return decoded;
        decoded = Interpreter.DecodedProgram.Decode(this, VersionRules.For(Version, dialect));
        return Interlocked.CompareExchange(ref _decoded[slot], decoded, null) ?? decoded;
    }

    /// <summary>Verifies the text (sbpf <c>RequisiteVerifier</c>); null when it passes.</summary>
    public Verification.VerifierError? Verify(SbpfDialect dialect = SbpfDialect.Sbpf0_10) =>
        Verification.RequisiteVerifier.Verify(this, dialect);

    /// <summary>
    /// Wraps raw bytecode (no ELF), as sbpf's <c>Executable::from_text_bytes</c>: the text is also the
    /// read-only region at <see cref="MemoryLayout.ProgramStart"/>; V3 text is addressed from 0 for
    /// callx. Without a registry, "entrypoint" is registered at <paramref name="entryPc"/> under the key
    /// sbpf uses (murmur3 of the name in V0-V2, the pc in V3).
    /// </summary>
    public static Executable FromText(byte[] text, SbpfVersion version, SyscallRegistry syscalls, FunctionRegistry? functions = null, ulong entryPc = 0)
    {
        var functionRegistry = functions ?? new FunctionRegistry();
        if (functions == null)
        {
            uint key = version.StaticSyscalls() ? (uint)entryPc : Murmur3.SyscallKey("entrypoint");
            functionRegistry.TryRegister(key, "entrypoint", entryPc);
        }
        return new Executable
        {
            Version = version,
            Text = text,
            TextVaddr = version.EnableLowerBytecodeVaddr() ? MemoryLayout.BytecodeStart : MemoryLayout.ProgramStart,
            ReadOnlyRegion = text,
            ReadOnlyRegionVaddr = MemoryLayout.ProgramStart,
            EntryPc = entryPc,
            Functions = functionRegistry,
            Syscalls = syscalls,
        };
    }
}

/// <summary>The fixed virtual-address layout of the sBPF memory map (each region 4 GiB).</summary>
public static class MemoryLayout
{
    public const ulong BytecodeStart = 0x0_0000_0000;
    public const ulong ProgramStart = 0x1_0000_0000;
    public const ulong StackStart = 0x2_0000_0000;
    public const ulong HeapStart = 0x3_0000_0000;
    public const ulong InputStart = 0x4_0000_0000;
    public const int RegionShift = 32;
}
