namespace Stratus.Sbpf;

/// <summary>
/// sBPF bytecode version, selected by the ELF <c>e_flags</c> field (0..3).
/// Semantics follow solana-sbpf 0.10.1 (the version Tachyon / Agave 2.2 pins);
/// see <see cref="SbpfVersionFeatures"/> for what each version turns on.
/// </summary>
public enum SbpfVersion : byte
{
    V0 = 0,
    V1 = 1,
    V2 = 2,
    V3 = 3,
    /// <summary>Legacy <c>e_flags = 0x20</c>; never loadable.</summary>
    Reserved = 0xFF,
}

/// <summary>
/// Which definition of the highest version the VM follows. X1 (Tachyon, solana-sbpf 0.10.1) uses
/// <see cref="Sbpf0_10"/>. Newer solana-sbpf (SIMD-0377) redefined V3 (JMP32 class in 0x06, no PQR,
/// callx register in dst, automatic frames); Firedancer's v3 interpreter vectors use that definition,
/// so the conformance harness selects <see cref="Simd0377"/> for them.
/// </summary>
public enum SbpfDialect : byte
{
    Sbpf0_10 = 0,
    Simd0377 = 1,
}

/// <summary>The cumulative per-version switches of solana-sbpf 0.10.1.</summary>
public static class SbpfVersionFeatures
{
    /// <summary>SIMD-0166: no stack gaps, r10 moved explicitly by the program.</summary>
    public static bool DynamicStackFrames(this SbpfVersion v) => v >= SbpfVersion.V1 && v != SbpfVersion.Reserved;

    /// <summary>SIMD-0174: product/quotient/remainder class 0x06.</summary>
    public static bool EnablePqr(this SbpfVersion v) => v >= SbpfVersion.V2 && v != SbpfVersion.Reserved;

    /// <summary>SIMD-0174: add32/sub32/mul32 zero-extend; mov32 reg sign-extends.</summary>
    public static bool ExplicitSignExtensionOfResults(this SbpfVersion v) => v.EnablePqr();

    /// <summary>SIMD-0174: <c>sub dst, imm</c> computes <c>imm - dst</c>.</summary>
    public static bool SwapSubRegImmOperands(this SbpfVersion v) => v.EnablePqr();

    /// <summary>SIMD-0174: neg32/neg64 removed.</summary>
    public static bool DisableNeg(this SbpfVersion v) => v.EnablePqr();

    /// <summary>SIMD-0173: callx reads its target register from the src field.</summary>
    public static bool CallxUsesSrcReg(this SbpfVersion v) => v.EnablePqr();

    /// <summary>SIMD-0173: lddw removed (replaced by hor64).</summary>
    public static bool DisableLddw(this SbpfVersion v) => v.EnablePqr();

    /// <summary>SIMD-0173: le removed.</summary>
    public static bool DisableLe(this SbpfVersion v) => v.EnablePqr();

    /// <summary>SIMD-0173: loads/stores moved into the ALU classes.</summary>
    public static bool MoveMemoryInstructionClasses(this SbpfVersion v) => v.EnablePqr();

    /// <summary>SIMD-0178: syscalls by hash in imm, return instead of exit, pc-relative calls only.</summary>
    public static bool StaticSyscalls(this SbpfVersion v) => v == SbpfVersion.V3;

    /// <summary>SIMD-0189: strict ELF headers.</summary>
    public static bool EnableStricterElfHeaders(this SbpfVersion v) => v == SbpfVersion.V3;

    /// <summary>SIMD-0189: bytecode mapped at vaddr 0.</summary>
    public static bool EnableLowerBytecodeVaddr(this SbpfVersion v) => v == SbpfVersion.V3;

}
