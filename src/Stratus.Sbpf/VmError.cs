using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Verification;

namespace Stratus.Sbpf;

/// <summary>The <c>EbpfError</c> variants of solana-sbpf 0.10.1.</summary>
public enum VmErrorKind : byte
{
    ElfError,
    FunctionAlreadyRegistered,
    CallDepthExceeded,
    ExitRootCallFrame,
    DivideByZero,
    DivideOverflow,
    ExecutionOverrun,
    CallOutsideTextSegment,
    ExceededMaxInstructions,
    JitNotCompiled,
    InvalidVirtualAddress,
    InvalidMemoryRegion,
    AccessViolation,
    StackAccessViolation,
    InvalidInstruction,
    UnsupportedInstruction,
    ExhaustedTextSegment,
    LibcInvocationFailed,
    VerifierError,
    SyscallError,
}

/// <summary>
/// Why a VM run (or a memory translation) failed: an sbpf <c>EbpfError</c> plus its payload.
/// <see cref="Pc"/> is the instruction index that raised it (sbpf keeps it in register 11, it is not part
/// of the message).
/// </summary>
public sealed class VmError
{
    public VmError(VmErrorKind kind, ulong pc = 0)
    {
        Kind = kind;
        Pc = pc;
    }

    public VmErrorKind Kind { get; }
    public ulong Pc { get; internal set; }

    /// <summary>AccessViolation / StackAccessViolation: the access.</summary>
    public AccessType AccessType { get; init; }
    /// <summary>AccessViolation / StackAccessViolation / InvalidVirtualAddress: the guest address.</summary>
    public ulong Address { get; init; }
    /// <summary>AccessViolation / StackAccessViolation: the access size in bytes.</summary>
    public ulong Size { get; init; }
    /// <summary>AccessViolation: "program", "stack", "heap", "input" or "unknown".</summary>
    public string Section { get; init; } = string.Empty;
    /// <summary>StackAccessViolation: the (signed) stack frame index of the address.</summary>
    public long StackFrame { get; init; }
    /// <summary>InvalidMemoryRegion: the region index.</summary>
    public ulong Index { get; init; }
    /// <summary>SyscallError: what the syscall reported.</summary>
    public SyscallError? Syscall { get; init; }
    /// <summary>VerifierError: the verifier's error.</summary>
    public VerifierError? Verifier { get; init; }

    public bool IsSyscallError => Kind == VmErrorKind.SyscallError;

    public static VmError FromSyscall(SyscallError error, ulong pc = 0) => new(VmErrorKind.SyscallError, pc) { Syscall = error };

    public static VmError FromVerifier(VerifierError error) => new(VmErrorKind.VerifierError) { Verifier = error };

    /// <summary>sbpf's <c>Display</c> text of the error.</summary>
    public string Message => Kind switch
    {
        VmErrorKind.ElfError => "ELF error",
        VmErrorKind.FunctionAlreadyRegistered => $"function #{Index} was already registered",
        VmErrorKind.CallDepthExceeded => "exceeded max BPF to BPF call depth",
        VmErrorKind.ExitRootCallFrame => "attempted to exit root call frame",
        VmErrorKind.DivideByZero => "divide by zero at BPF instruction",
        VmErrorKind.DivideOverflow => "division overflow at BPF instruction",
        VmErrorKind.ExecutionOverrun => "attempted to execute past the end of the text segment at BPF instruction",
        VmErrorKind.CallOutsideTextSegment => "callx attempted to call outside of the text segment",
        VmErrorKind.ExceededMaxInstructions => "exceeded CUs meter at BPF instruction",
        VmErrorKind.JitNotCompiled => "program has not been JIT-compiled",
        VmErrorKind.InvalidVirtualAddress => $"invalid virtual address {Address:x}",
        VmErrorKind.InvalidMemoryRegion => $"Invalid memory region at index {Index}",
        VmErrorKind.AccessViolation => $"Access violation in {Section} section at address 0x{Address:x} of size {Size}",
        VmErrorKind.StackAccessViolation => $"Access violation in stack frame {StackFrame} at address 0x{Address:x} of size {Size}",
        VmErrorKind.InvalidInstruction => "invalid BPF instruction",
        VmErrorKind.UnsupportedInstruction => "unsupported BPF instruction",
        VmErrorKind.ExhaustedTextSegment => $"Compilation exhausted text segment at BPF instruction {Index}",
        VmErrorKind.LibcInvocationFailed => "Libc calling returned error code",
        VmErrorKind.VerifierError => $"Verifier error: {Verifier?.Message}",
        VmErrorKind.SyscallError => $"Syscall error: {Syscall?.Message}",
        _ => Kind.ToString(),
    };

    public override string ToString() => Message;
}
