using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Stratus.Sbpf.Elf;

/// <summary>The outcome of <see cref="ElfLoader.Load"/>: an executable, or the error sbpf 0.10.1 reports.</summary>
public sealed class ElfLoadResult
{
    private ElfLoadResult(Executable? executable, ElfError? error, ReadOnlySection? readOnly, ulong textFileOffset)
    {
        Executable = executable;
        Error = error;
        ReadOnly = readOnly;
        TextFileOffset = textFileOffset;
    }

    [MemberNotNullWhen(true, nameof(Executable), nameof(ReadOnly))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error == null;

    public Executable? Executable { get; }

    public ElfError? Error { get; }

    /// <summary>The read-only region with its layout (owned copy or borrowed slice).</summary>
    public ReadOnlySection? ReadOnly { get; }

    /// <summary>File offset of the first text byte (sh_offset of .text, or p_offset of the V3 bytecode segment).</summary>
    public ulong TextFileOffset { get; }

    internal static ElfLoadResult Ok(Executable executable, ReadOnlySection readOnly, ulong textFileOffset) => new(executable, null, readOnly, textFileOffset);

    internal static ElfLoadResult Fail(ElfError error) => new(null, error, null, 0);

    /// <summary>"Ok(V0)" or the error in Rust Debug form, as recorded in the expectation tables.</summary>
    public override string ToString() => IsOk ? $"Ok({Executable.Version})" : Error.ToRustDebugString();
}

/// <summary>
/// Loads sBPF ELF files exactly as solana-sbpf 0.10.1's <c>Executable::load</c> does (the version Agave 2.2 /
/// Tachyon pins): picks the version from e_flags, then the strict SIMD-0189 parser for V3 or the lenient
/// relocating parser for V0-V2. Malformed input returns an <see cref="ElfError"/>; nothing throws.
/// Verification of the bytecode is a separate step (the verifier), as in Agave.
/// </summary>
public static class ElfLoader
{
    /// <summary>
    /// sbpf's version selection. With only V0 enabled, every e_flags value except 0x20 loads as V0
    /// (old toolchains left garbage there); otherwise 0..3 map to V0..V3 and anything else is Reserved.
    /// </summary>
    public static SbpfVersion SelectVersion(uint eFlags, ElfLoaderConfig config)
    {
        if (config.MaxVersion == SbpfVersion.V0)
            return eFlags == ElfConstants.EfSbpfV2 ? SbpfVersion.Reserved : SbpfVersion.V0;
        return eFlags switch
        {
            0 => SbpfVersion.V0,
            1 => SbpfVersion.V1,
            2 => SbpfVersion.V2,
            3 => SbpfVersion.V3,
            _ => SbpfVersion.Reserved,
        };
    }

    /// <param name="bytes">The ELF file (not modified; relocation works on a copy).</param>
    /// <param name="config">Enabled versions and strictness.</param>
    /// <param name="syscalls">The syscalls of the environment: used for unknown-syscall rejection
    /// (<see cref="ElfLoaderConfig.RejectBrokenElfs"/>) and function/syscall key collisions, and carried
    /// into the <see cref="Executable"/>.</param>
    public static ElfLoadResult Load(byte[] bytes, ElfLoaderConfig config, SyscallRegistry syscalls)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(syscalls);

        if (bytes.Length < ElfConstants.EFlagsOffset + 4) return ElfLoadResult.Fail(ElfError.ValueOutOfBounds);
        uint eFlags = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(ElfConstants.EFlagsOffset));
        var version = SelectVersion(eFlags, config);
        if (!config.IsEnabled(version)) return ElfLoadResult.Fail(ElfError.UnsupportedSbpfVersion);

        LoadedElf? loaded;
        if (EnableStricterElfHeaders(version))
        {
            var err = StrictElfLoader.Load(bytes, config, out loaded);
            if (err != null) return ElfLoadResult.Fail(err.ToElfError());
        }
        else
        {
            var err = LenientElfLoader.Load(bytes, config, syscalls, out loaded);
            if (err != null) return ElfLoadResult.Fail(err);
        }

        var executable = new Executable
        {
            Version = version,
            Text = loaded!.Text,
            TextVaddr = loaded.TextVaddr,
            ReadOnlyRegion = loaded.ReadOnly.Data,
            ReadOnlyRegionVaddr = loaded.ReadOnly.Vaddr,
            EntryPc = loaded.EntryPc,
            Functions = loaded.Functions.ToFunctionRegistry(),
            Syscalls = syscalls,
        };
        return ElfLoadResult.Ok(executable, loaded.ReadOnly, loaded.TextFileOffset);
    }

    /// <summary>Load, returning the executable or the error.</summary>
    public static bool TryLoad(byte[] bytes, ElfLoaderConfig config, SyscallRegistry syscalls,
        [NotNullWhen(true)] out Executable? executable, [NotNullWhen(false)] out ElfError? error)
    {
        var result = Load(bytes, config, syscalls);
        executable = result.Executable;
        error = result.Error;
        return result.IsOk;
    }

    // V3 and the (never enabled in Agave) Reserved version take the strict parser, as sbpf's `>= V3`.
    private static bool EnableStricterElfHeaders(SbpfVersion v) => v >= SbpfVersion.V3;
}
