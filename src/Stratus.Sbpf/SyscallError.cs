namespace Stratus.Sbpf;

/// <summary>
/// Agave's syscall <c>SyscallError</c> variants, plus the two other error families a syscall can
/// return: an <c>InstructionError</c> (e.g. ComputationalBudgetExceeded from <c>consume_checked</c>)
/// and an <c>EbpfError</c> from memory translation.
/// </summary>
public enum SyscallErrorKind : byte
{
    Other,
    InvalidString,
    Abort,
    Panic,
    InvokeContextBorrowFailed,
    MalformedSignerSeed,
    BadSeeds,
    ProgramNotSupported,
    UnalignedPointer,
    TooManySigners,
    InstructionTooLarge,
    TooManyAccounts,
    CopyOverlapping,
    ReturnDataTooLarge,
    TooManySlices,
    InvalidLength,
    MaxInstructionDataLenExceeded,
    MaxInstructionAccountsExceeded,
    MaxInstructionAccountInfosExceeded,
    InvalidAttribute,
    InvalidPointer,
    ArithmeticOverflow,
    /// <summary>An <c>InstructionError</c>; <see cref="SyscallError.InstructionError"/> names the variant.</summary>
    InstructionError,
    /// <summary>An <c>EbpfError</c> (memory translation); see <see cref="SyscallError.Ebpf"/>.</summary>
    Ebpf,
}

/// <summary>Why a syscall failed; wrapped by the VM as <c>SyscallError</c>. The runtime may subclass it.</summary>
public class SyscallError
{
    public SyscallError(string message) : this(SyscallErrorKind.Other, message) { }

    public SyscallError(SyscallErrorKind kind, string message)
    {
        Kind = kind;
        Message = message;
    }

    public SyscallErrorKind Kind { get; }

    /// <summary>The error's <c>Display</c> text (what Agave logs after "Program ... failed: ").</summary>
    public string Message { get; }

    /// <summary>For <see cref="SyscallErrorKind.InstructionError"/>: the InstructionError variant name, e.g. "ComputationalBudgetExceeded".</summary>
    public string? InstructionError { get; init; }

    /// <summary>For <see cref="SyscallErrorKind.Ebpf"/>: the VM error raised inside the syscall.</summary>
    public VmError? Ebpf { get; init; }

    public static readonly SyscallError ComputationalBudgetExceeded =
        new(SyscallErrorKind.InstructionError, "Computational budget exceeded") { InstructionError = "ComputationalBudgetExceeded" };

    public static readonly SyscallError Abort = new(SyscallErrorKind.Abort, "SBF program panicked");

    public static readonly SyscallError InvalidLength = new(SyscallErrorKind.InvalidLength, "InvalidLength");

    public static readonly SyscallError UnalignedPointer = new(SyscallErrorKind.UnalignedPointer, "Unaligned pointer");

    public static SyscallError Panic(string file, ulong line, ulong column) =>
        new(SyscallErrorKind.Panic, $"SBF program Panicked in {file} at {line}:{column}");

    /// <summary>A failed memory translation inside a syscall (Agave boxes the EbpfError).</summary>
    public static SyscallError FromVm(VmError error) => new(SyscallErrorKind.Ebpf, error.Message) { Ebpf = error };

    public override string ToString() => Message;
}
