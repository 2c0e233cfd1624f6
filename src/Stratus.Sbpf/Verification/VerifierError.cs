namespace Stratus.Sbpf.Verification;

/// <summary>The <c>VerifierError</c> variants of solana-sbpf 0.10.1.</summary>
public enum VerifierErrorKind
{
    ProgramLengthNotMultiple,
    ProgramTooLarge,
    NoProgram,
    DivisionByZero,
    UnsupportedLEBEArgument,
    LDDWCannotBeLast,
    IncompleteLDDW,
    InfiniteLoop,
    JumpOutOfCode,
    JumpToMiddleOfLDDW,
    InvalidSourceRegister,
    CannotWriteR10,
    InvalidDestinationRegister,
    UnknownOpCode,
    ShiftWithOverflow,
    InvalidRegister,
    InvalidFunction,
    InvalidSyscall,
    UnalignedImmediate,
}

/// <summary>
/// A verification failure with the positions sbpf reports: <see cref="Pc"/> is the instruction index
/// (slot) the error is reported at; <see cref="Target"/> is the jump target for the jump errors,
/// <see cref="Opcode"/> the opcode for <c>UnknownOpCode</c>, <see cref="ShiftAmount"/> /
/// <see cref="ShiftBits"/> for <c>ShiftWithOverflow</c>, <see cref="SyscallHash"/> for <c>InvalidSyscall</c>.
/// </summary>
public sealed record VerifierError(VerifierErrorKind Kind, ulong Pc = 0, ulong Target = 0, byte Opcode = 0,
    ulong ShiftAmount = 0, ulong ShiftBits = 0, uint SyscallHash = 0)
{
    /// <summary>The message sbpf's <c>Display</c> gives for this error.</summary>
    public string Message => Kind switch
    {
        VerifierErrorKind.ProgramLengthNotMultiple => "program length must be a multiple of 8 octets",
        VerifierErrorKind.ProgramTooLarge => "Deprecated",
        VerifierErrorKind.NoProgram => "no program set, call prog_set() to load one",
        VerifierErrorKind.DivisionByZero => $"division by 0 (insn #{Pc})",
        VerifierErrorKind.UnsupportedLEBEArgument => $"unsupported argument for LE/BE (insn #{Pc})",
        VerifierErrorKind.LDDWCannotBeLast => "LD_DW instruction cannot be last in program",
        VerifierErrorKind.IncompleteLDDW => $"incomplete LD_DW instruction (insn #{Pc})",
        VerifierErrorKind.InfiniteLoop => $"infinite loop (insn #{Pc})",
        VerifierErrorKind.JumpOutOfCode => $"jump out of code to #{Target} (insn #{Pc})",
        VerifierErrorKind.JumpToMiddleOfLDDW => $"jump to middle of LD_DW at #{Target} (insn #{Pc})",
        VerifierErrorKind.InvalidSourceRegister => $"invalid source register (insn #{Pc})",
        VerifierErrorKind.CannotWriteR10 => $"cannot write into register r10 (insn #{Pc})",
        VerifierErrorKind.InvalidDestinationRegister => $"invalid destination register (insn #{Pc})",
        VerifierErrorKind.UnknownOpCode => $"unknown eBPF opcode 0x{Opcode:x} (insn #{Pc})",
        // sbpf prints the shift amount where it says "bits" and vice versa; kept verbatim.
        VerifierErrorKind.ShiftWithOverflow => $"Shift with overflow of {ShiftAmount}-bit value by {ShiftBits} (insn #{Pc})",
        VerifierErrorKind.InvalidRegister => $"Invalid register specified at instruction {Pc}",
        VerifierErrorKind.InvalidFunction => $"Invalid function at instruction {Pc}",
        VerifierErrorKind.InvalidSyscall => $"Invalid syscall code {SyscallHash}",
        VerifierErrorKind.UnalignedImmediate => $"Unaligned immediate (insn #{Pc})",
        _ => Kind.ToString(),
    };

    public override string ToString() => Message;
}
