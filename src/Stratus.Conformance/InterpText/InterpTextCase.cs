namespace Stratus.Conformance.InterpText;

/// <summary>Expected outcome of a text-format interpreter case.</summary>
public enum InterpTextStatus
{
    /// <summary><c>ok</c>: verifies and runs to exit.</summary>
    Ok,
    /// <summary><c>err</c>: verifies, then faults at run time.</summary>
    Fault,
    /// <summary><c>vfy</c> / <c>vfyub</c>: rejected by the verifier.</summary>
    VerifyFail,
}

/// <summary>
/// One case of Firedancer's <c>.instr</c> format: a single instruction (plus the second lddw slot)
/// followed by <c>exit</c>, its initial registers and input buffer, and the expected status and
/// registers (r0..r10).
/// </summary>
public sealed record InterpTextCase(
    int Line,
    byte Opcode,
    byte Dst,
    byte Src,
    ushort Offset,
    ulong Imm,
    ulong[] InitialRegisters,
    byte[] Input,
    uint[] RegionBoundaries,
    InterpTextStatus ExpectedStatus,
    ulong[] ExpectedRegisters);
