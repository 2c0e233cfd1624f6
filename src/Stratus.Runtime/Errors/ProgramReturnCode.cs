using Stratus.Core.Transactions;

namespace Stratus.Runtime.Errors;

/// <summary>
/// How a program's non-zero r0 becomes an <see cref="InstructionError"/> (solana-instruction 2.2
/// <c>From&lt;u64&gt; for InstructionError</c>): builtin codes are small numbers shifted into the upper
/// 32 bits, a value with only the lower 32 bits set is <c>Custom</c>, anything else is <c>InvalidError</c>.
/// </summary>
public static class ProgramReturnCode
{
    public const ulong Success = 0;

    private const int BuiltinShift = 32;

    public static InstructionError ToInstructionError(ulong code)
    {
        if (code >> BuiltinShift == 0) return InstructionError.FromCustom((uint)code);
        if ((uint)code != 0) return new InstructionError(InstructionErrorKind.InvalidError);
        return (code >> BuiltinShift) switch
        {
            1 => InstructionError.FromCustom(0),
            2 => new(InstructionErrorKind.InvalidArgument),
            3 => new(InstructionErrorKind.InvalidInstructionData),
            4 => new(InstructionErrorKind.InvalidAccountData),
            5 => new(InstructionErrorKind.AccountDataTooSmall),
            6 => new(InstructionErrorKind.InsufficientFunds),
            7 => new(InstructionErrorKind.IncorrectProgramId),
            8 => new(InstructionErrorKind.MissingRequiredSignature),
            9 => new(InstructionErrorKind.AccountAlreadyInitialized),
            10 => new(InstructionErrorKind.UninitializedAccount),
            11 => new(InstructionErrorKind.NotEnoughAccountKeys),
            12 => new(InstructionErrorKind.AccountBorrowFailed),
            13 => new(InstructionErrorKind.MaxSeedLengthExceeded),
            14 => new(InstructionErrorKind.InvalidSeeds),
            15 => new(InstructionErrorKind.BorshIoError, Message: "Unknown"),
            16 => new(InstructionErrorKind.AccountNotRentExempt),
            17 => new(InstructionErrorKind.UnsupportedSysvar),
            18 => new(InstructionErrorKind.IllegalOwner),
            19 => new(InstructionErrorKind.MaxAccountsDataAllocationsExceeded),
            20 => new(InstructionErrorKind.InvalidRealloc),
            21 => new(InstructionErrorKind.MaxInstructionTraceLengthExceeded),
            22 => new(InstructionErrorKind.BuiltinProgramsMustConsumeComputeUnits),
            23 => new(InstructionErrorKind.InvalidAccountOwner),
            24 => new(InstructionErrorKind.ArithmeticOverflow),
            25 => new(InstructionErrorKind.Immutable),
            26 => new(InstructionErrorKind.IncorrectAuthority),
            _ => new(InstructionErrorKind.InvalidError),
        };
    }
}
