using Stratus.Core.Transactions;

namespace Stratus.Runtime.Errors;

/// <summary>
/// The <c>Display</c> text of Agave's <c>InstructionError</c> (solana-instruction 2.2): what a failed
/// instruction prints after "Program X failed: ".
/// </summary>
public static class InstructionErrorText
{
    public static string Describe(this InstructionError error) => error.Kind switch
    {
        InstructionErrorKind.GenericError => "generic instruction error",
        InstructionErrorKind.InvalidArgument => "invalid program argument",
        InstructionErrorKind.InvalidInstructionData => "invalid instruction data",
        InstructionErrorKind.InvalidAccountData => "invalid account data for instruction",
        InstructionErrorKind.AccountDataTooSmall => "account data too small for instruction",
        InstructionErrorKind.InsufficientFunds => "insufficient funds for instruction",
        InstructionErrorKind.IncorrectProgramId => "incorrect program id for instruction",
        InstructionErrorKind.MissingRequiredSignature => "missing required signature for instruction",
        InstructionErrorKind.AccountAlreadyInitialized => "instruction requires an uninitialized account",
        InstructionErrorKind.UninitializedAccount => "instruction requires an initialized account",
        InstructionErrorKind.UnbalancedInstruction => "sum of account balances before and after instruction do not match",
        InstructionErrorKind.ModifiedProgramId => "instruction illegally modified the program id of an account",
        InstructionErrorKind.ExternalAccountLamportSpend => "instruction spent from the balance of an account it does not own",
        InstructionErrorKind.ExternalAccountDataModified => "instruction modified data of an account it does not own",
        InstructionErrorKind.ReadonlyLamportChange => "instruction changed the balance of a read-only account",
        InstructionErrorKind.ReadonlyDataModified => "instruction modified data of a read-only account",
        InstructionErrorKind.DuplicateAccountIndex => "instruction contains duplicate accounts",
        InstructionErrorKind.ExecutableModified => "instruction changed executable bit of an account",
        InstructionErrorKind.RentEpochModified => "instruction modified rent epoch of an account",
        InstructionErrorKind.NotEnoughAccountKeys => "insufficient account keys for instruction",
        InstructionErrorKind.AccountDataSizeChanged => "program other than the account's owner changed the size of the account data",
        InstructionErrorKind.AccountNotExecutable => "instruction expected an executable account",
        InstructionErrorKind.AccountBorrowFailed => "instruction tries to borrow reference for an account which is already borrowed",
        InstructionErrorKind.AccountBorrowOutstanding => "instruction left account with an outstanding borrowed reference",
        InstructionErrorKind.DuplicateAccountOutOfSync => "instruction modifications of multiply-passed account differ",
        InstructionErrorKind.Custom => $"custom program error: 0x{error.Custom:x}",
        InstructionErrorKind.InvalidError => "program returned invalid error code",
        InstructionErrorKind.ExecutableDataModified => "instruction changed executable accounts data",
        InstructionErrorKind.ExecutableLamportChange => "instruction changed the balance of an executable account",
        InstructionErrorKind.ExecutableAccountNotRentExempt => "executable accounts must be rent exempt",
        InstructionErrorKind.UnsupportedProgramId => "Unsupported program id",
        InstructionErrorKind.CallDepth => "Cross-program invocation call depth too deep",
        InstructionErrorKind.MissingAccount => "An account required by the instruction is missing",
        InstructionErrorKind.ReentrancyNotAllowed => "Cross-program invocation reentrancy not allowed for this instruction",
        InstructionErrorKind.MaxSeedLengthExceeded => "Length of the seed is too long for address generation",
        InstructionErrorKind.InvalidSeeds => "Provided seeds do not result in a valid address",
        InstructionErrorKind.InvalidRealloc => "Failed to reallocate account data",
        InstructionErrorKind.ComputationalBudgetExceeded => "Computational budget exceeded",
        InstructionErrorKind.PrivilegeEscalation => "Cross-program invocation with unauthorized signer or writable account",
        InstructionErrorKind.ProgramEnvironmentSetupFailure => "Failed to create program execution environment",
        InstructionErrorKind.ProgramFailedToComplete => "Program failed to complete",
        InstructionErrorKind.ProgramFailedToCompile => "Program failed to compile",
        InstructionErrorKind.Immutable => "Account is immutable",
        InstructionErrorKind.IncorrectAuthority => "Incorrect authority provided",
        InstructionErrorKind.BorshIoError => $"Failed to serialize or deserialize account data: {error.Message}",
        InstructionErrorKind.AccountNotRentExempt => "An account does not have enough lamports to be rent-exempt",
        InstructionErrorKind.InvalidAccountOwner => "Invalid account owner",
        InstructionErrorKind.ArithmeticOverflow => "Program arithmetic overflowed",
        InstructionErrorKind.UnsupportedSysvar => "Unsupported sysvar",
        InstructionErrorKind.IllegalOwner => "Provided owner is not allowed",
        InstructionErrorKind.MaxAccountsDataAllocationsExceeded => "Accounts data allocations exceeded the maximum allowed per transaction",
        InstructionErrorKind.MaxAccountsExceeded => "Max accounts exceeded",
        InstructionErrorKind.MaxInstructionTraceLengthExceeded => "Max instruction trace length exceeded",
        InstructionErrorKind.BuiltinProgramsMustConsumeComputeUnits => "Builtin programs must consume compute units",
        _ => error.Kind.ToString(),
    };
}
