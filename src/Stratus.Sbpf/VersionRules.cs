namespace Stratus.Sbpf;

/// <summary>
/// Every per-version switch the verifier and interpreter consult, resolved once for a
/// (version, dialect) pair. Under <see cref="SbpfDialect.Sbpf0_10"/> the switches are the cumulative
/// ones of solana-sbpf 0.10.1; under <see cref="SbpfDialect.Simd0377"/> V3 follows the newer
/// definition (sbpf 0.14: JMP32, callx in dst, exit 0x95, call src=0/1, fixed frames without gaps,
/// no PQR / moved memory classes) while V0-V2 keep their 0.10.1 meaning.
/// </summary>
public readonly record struct VersionRules
{
    public SbpfVersion Version { get; init; }
    public SbpfDialect Dialect { get; init; }

    /// <summary>r10 is moved by the program (<c>add64 r10, imm</c>), calls do not move it.</summary>
    public bool ManualStackFrames { get; init; }
    public bool EnablePqr { get; init; }
    public bool ExplicitSignExtension { get; init; }
    public bool SwapSubRegImmOperands { get; init; }
    public bool DisableNeg { get; init; }
    public bool CallxUsesSrcReg { get; init; }
    public bool CallxUsesDstReg { get; init; }
    public bool DisableLddw { get; init; }
    public bool DisableLe { get; init; }
    public bool MoveMemoryInstructionClasses { get; init; }
    public bool StaticSyscalls { get; init; }
    public bool EnableJmp32 { get; init; }
    /// <summary>sbpf 0.10 V3: 0x95 is <c>syscall</c>, 0x9D is <c>return</c>, functions bound jumps.</summary>
    public bool SyscallAndReturnOpcodes { get; init; }
    /// <summary>Text vaddr used for callx targets (0 for 0.10 V3, else the program region start).</summary>
    public bool LowerBytecodeVaddr { get; init; }
    /// <summary>Stack frame gaps may be used (still subject to the VM config).</summary>
    public bool StackFrameGapsAllowed { get; init; }

    public static VersionRules For(SbpfVersion version, SbpfDialect dialect = SbpfDialect.Sbpf0_10)
    {
        if (version == SbpfVersion.Reserved)
            return new VersionRules { Version = version, Dialect = dialect };
        if (dialect == SbpfDialect.Simd0377 && version == SbpfVersion.V3)
        {
            return new VersionRules
            {
                Version = version,
                Dialect = dialect,
                ManualStackFrames = false,
                StaticSyscalls = true,
                EnableJmp32 = true,
                CallxUsesDstReg = true,
                LowerBytecodeVaddr = false,
                StackFrameGapsAllowed = false,
            };
        }
        return new VersionRules
        {
            Version = version,
            Dialect = dialect,
            ManualStackFrames = version.DynamicStackFrames(),
            EnablePqr = version.EnablePqr(),
            ExplicitSignExtension = version.ExplicitSignExtensionOfResults(),
            SwapSubRegImmOperands = version.SwapSubRegImmOperands(),
            DisableNeg = version.DisableNeg(),
            CallxUsesSrcReg = version.CallxUsesSrcReg(),
            DisableLddw = version.DisableLddw(),
            DisableLe = version.DisableLe(),
            MoveMemoryInstructionClasses = version.MoveMemoryInstructionClasses(),
            StaticSyscalls = version.StaticSyscalls(),
            SyscallAndReturnOpcodes = version.StaticSyscalls(),
            LowerBytecodeVaddr = version.EnableLowerBytecodeVaddr(),
            StackFrameGapsAllowed = !version.DynamicStackFrames(),
        };
    }
}
