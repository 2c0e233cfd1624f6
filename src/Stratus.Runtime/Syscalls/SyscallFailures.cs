using Stratus.Core.Transactions;
using Stratus.Sbpf;

namespace Stratus.Runtime.Syscalls;

/// <summary>Pubkey derivation errors (solana-pubkey <c>PubkeyError</c>).</summary>
public enum PubkeyError : byte
{
    MaxSeedLengthExceeded,
    InvalidSeeds,
    IllegalOwner,
}

/// <summary>
/// The error values the runtime syscalls return: Agave's <c>SyscallError</c> variants with their
/// <c>Display</c> text, and <c>InstructionError</c>s (kind <see cref="SyscallErrorKind.InstructionError"/>,
/// the variant name in <see cref="SyscallError.InstructionError"/>).
/// </summary>
public static class SyscallFailures
{
    public static readonly SyscallError CopyOverlapping = new(SyscallErrorKind.CopyOverlapping, "Overlapping copy");

    public static readonly SyscallError TooManySlices = new(SyscallErrorKind.TooManySlices, "Hashing too many sequences");

    public static readonly SyscallError InvalidAttribute = new(SyscallErrorKind.InvalidAttribute, "InvalidAttribute");

    public static readonly SyscallError ArithmeticOverflow = new(SyscallErrorKind.ArithmeticOverflow, "Arithmetic overflow");

    public static readonly SyscallError InvokeContextBorrowFailed = new(SyscallErrorKind.InvokeContextBorrowFailed, "Cannot borrow invoke context");

    /// <summary>A context syscall run without an <see cref="ISyscallHost"/> (cannot happen inside the runtime).</summary>
    public static readonly SyscallError NoHost = new(SyscallErrorKind.InvokeContextBorrowFailed, "Cannot borrow invoke context");

    public static SyscallError ReturnDataTooLarge(ulong length, ulong max) =>
        new(SyscallErrorKind.ReturnDataTooLarge, $"Return data too large ({length} > {max})");

    public static SyscallError BadSeeds(PubkeyError error) =>
        new(SyscallErrorKind.BadSeeds, "Could not create program address with signer seeds: " + Describe(error));

    public static SyscallError Instruction(InstructionErrorKind kind) => Instruction(new InstructionError(kind));

    public static SyscallError Instruction(InstructionError error) =>
        new(SyscallErrorKind.InstructionError, Describe(error)) { InstructionError = error.Kind == InstructionErrorKind.Custom ? $"Custom({error.Custom})" : error.Kind.ToString() };

    public static string Describe(PubkeyError error) => error switch
    {
        PubkeyError.MaxSeedLengthExceeded => "Length of the seed is too long for address generation",
        PubkeyError.InvalidSeeds => "Provided seeds do not result in a valid address",
        _ => "Provided owner is not allowed",
    };

    /// <summary>The <c>Display</c> text of the instruction errors syscalls produce (others fall back to the variant name).</summary>
    private static string Describe(InstructionError error) => error.Kind switch
    {
        InstructionErrorKind.UnsupportedSysvar => "Unsupported sysvar",
        InstructionErrorKind.ArithmeticOverflow => "Program arithmetic overflowed",
        InstructionErrorKind.CallDepth => "Cross-program invocation call depth too deep",
        InstructionErrorKind.ComputationalBudgetExceeded => "Computational budget exceeded",
        InstructionErrorKind.NotEnoughAccountKeys => "insufficient account keys for instruction",
        InstructionErrorKind.MissingAccount => "An account required by the instruction is missing",
        _ => error.ToString(),
    };
}
