using Stratus.Core.Transactions;
using Stratus.Runtime.Errors;
using Stratus.Sbpf;

namespace Stratus.Runtime.Syscalls;

/// <summary>A syscall failure that is an <see cref="Core.Transactions.InstructionError"/> (Agave boxes the InstructionError itself).</summary>
public sealed class InstructionSyscallError(InstructionError error)
    : SyscallError(SyscallErrorKind.InstructionError, error.Describe())
{
    public InstructionError Error { get; } = error;
}

public static class SyscallErrors
{
    public static SyscallError From(InstructionError error) => new InstructionSyscallError(error);

    public static SyscallError From(InstructionErrorKind kind) => new InstructionSyscallError(new InstructionError(kind));

    /// <summary>The instruction error a syscall failure carries, if it carries one.</summary>
    public static InstructionError? AsInstructionError(SyscallError error)
    {
        if (error is InstructionSyscallError e) return e.Error;
        if (error.Kind == SyscallErrorKind.InstructionError && error.InstructionError is { } name
            && Enum.TryParse<InstructionErrorKind>(name, out var kind))
            return new InstructionError(kind);
        return null;
    }
}
