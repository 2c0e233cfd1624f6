namespace Stratus.Core.Transactions;

/// <summary>Agave's <c>InstructionError</c> variants; the numeric value is the bincode discriminant.</summary>
public enum InstructionErrorKind : uint
{
    GenericError = 0,
    InvalidArgument,
    InvalidInstructionData,
    InvalidAccountData,
    AccountDataTooSmall,
    InsufficientFunds,
    IncorrectProgramId,
    MissingRequiredSignature,
    AccountAlreadyInitialized,
    UninitializedAccount,
    UnbalancedInstruction,
    ModifiedProgramId,
    ExternalAccountLamportSpend,
    ExternalAccountDataModified,
    ReadonlyLamportChange,
    ReadonlyDataModified,
    DuplicateAccountIndex,
    ExecutableModified,
    RentEpochModified,
    NotEnoughAccountKeys,
    AccountDataSizeChanged,
    AccountNotExecutable,
    AccountBorrowFailed,
    AccountBorrowOutstanding,
    DuplicateAccountOutOfSync,
    /// <summary>Carries a program-defined u32 (<see cref="InstructionError.Custom"/>).</summary>
    Custom,
    InvalidError,
    ExecutableDataModified,
    ExecutableLamportChange,
    ExecutableAccountNotRentExempt,
    UnsupportedProgramId,
    CallDepth,
    MissingAccount,
    ReentrancyNotAllowed,
    MaxSeedLengthExceeded,
    InvalidSeeds,
    InvalidRealloc,
    ComputationalBudgetExceeded,
    PrivilegeEscalation,
    ProgramEnvironmentSetupFailure,
    ProgramFailedToComplete,
    ProgramFailedToCompile,
    Immutable,
    IncorrectAuthority,
    /// <summary>Carries a message string (<see cref="InstructionError.Message"/>).</summary>
    BorshIoError,
    AccountNotRentExempt,
    InvalidAccountOwner,
    ArithmeticOverflow,
    UnsupportedSysvar,
    IllegalOwner,
    MaxAccountsDataAllocationsExceeded,
    MaxAccountsExceeded,
    MaxInstructionTraceLengthExceeded,
    BuiltinProgramsMustConsumeComputeUnits,
}

/// <summary>An instruction failure as Agave reports it (solana-instruction 2.2).</summary>
public readonly record struct InstructionError(InstructionErrorKind Kind, uint Custom = 0, string? Message = null)
{
    public static InstructionError FromCustom(uint code) => new(InstructionErrorKind.Custom, code);

    public override string ToString() => Kind switch
    {
        InstructionErrorKind.Custom => $"Custom({Custom})",
        InstructionErrorKind.BorshIoError => $"BorshIoError({Message})",
        _ => Kind.ToString(),
    };
}
