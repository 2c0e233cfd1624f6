using Stratus.Core.Transactions;
using Stratus.Runtime.Errors;

namespace Stratus.Runtime.Invoke;

/// <summary>
/// Why a program invocation failed: the <see cref="InstructionError"/> the transaction reports and the
/// text Agave logs after "Program X failed: ". For an instruction error the text is its Display; for a
/// VM or syscall error the text is that error and the instruction error is <c>ProgramFailedToComplete</c>.
/// </summary>
public sealed record ProgramFailure(InstructionError Error, string LogText)
{
    public static ProgramFailure From(InstructionError error) => new(error, error.Describe());

    public static ProgramFailure From(InstructionErrorKind kind) => From(new InstructionError(kind));

    /// <summary>The failure for a native program's result: none when it succeeded.</summary>
    public static ProgramFailure? FromResult(InstructionError? error) => error == null ? null : From(error.Value);

    /// <summary>A failure that is not an instruction error (Agave logs it and reports ProgramFailedToComplete).</summary>
    public static ProgramFailure Other(string logText) => new(new InstructionError(InstructionErrorKind.ProgramFailedToComplete), logText);

    public static implicit operator ProgramFailure(InstructionError error) => From(error);
}
