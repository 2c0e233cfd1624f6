namespace Stratus.Core.Transactions;

/// <summary>Agave's <c>TransactionError</c> variants (solana-transaction-error 2.2); the numeric value is the bincode discriminant.</summary>
public enum TransactionErrorKind : uint
{
    AccountInUse = 0,
    AccountLoadedTwice,
    AccountNotFound,
    ProgramAccountNotFound,
    InsufficientFundsForFee,
    InvalidAccountForFee,
    AlreadyProcessed,
    BlockhashNotFound,
    /// <summary>Carries the instruction index and an <see cref="Transactions.InstructionError"/>.</summary>
    InstructionError,
    CallChainTooDeep,
    MissingSignatureForFee,
    InvalidAccountIndex,
    SignatureFailure,
    InvalidProgramForExecution,
    SanitizeFailure,
    ClusterMaintenance,
    AccountBorrowOutstanding,
    WouldExceedMaxBlockCostLimit,
    UnsupportedVersion,
    InvalidWritableAccount,
    WouldExceedMaxAccountCostLimit,
    WouldExceedAccountDataBlockLimit,
    TooManyAccountLocks,
    AddressLookupTableNotFound,
    InvalidAddressLookupTableOwner,
    InvalidAddressLookupTableData,
    InvalidAddressLookupTableIndex,
    InvalidRentPayingAccount,
    WouldExceedMaxVoteCostLimit,
    WouldExceedAccountDataTotalLimit,
    /// <summary>Carries the instruction index.</summary>
    DuplicateInstruction,
    /// <summary>Carries the account index.</summary>
    InsufficientFundsForRent,
    MaxLoadedAccountsDataSizeExceeded,
    InvalidLoadedAccountsDataSizeLimit,
    ResanitizationNeeded,
    /// <summary>Carries the account index.</summary>
    ProgramExecutionTemporarilyRestricted,
    UnbalancedTransaction,
    ProgramCacheHitMaxLimit,
    CommitCancelled,
}

/// <summary>
/// A transaction failure as Agave reports it. <see cref="Index"/> is the instruction index for
/// <see cref="TransactionErrorKind.InstructionError"/> and <see cref="TransactionErrorKind.DuplicateInstruction"/>,
/// the account index for <see cref="TransactionErrorKind.InsufficientFundsForRent"/> and
/// <see cref="TransactionErrorKind.ProgramExecutionTemporarilyRestricted"/>, and 0 otherwise.
/// </summary>
public readonly record struct TransactionError(TransactionErrorKind Kind, byte Index = 0, InstructionError Instruction = default)
{
    public static readonly TransactionError SanitizeFailure = new(TransactionErrorKind.SanitizeFailure);
    public static readonly TransactionError AccountLoadedTwice = new(TransactionErrorKind.AccountLoadedTwice);
    public static readonly TransactionError TooManyAccountLocks = new(TransactionErrorKind.TooManyAccountLocks);

    public static TransactionError FromInstruction(byte instructionIndex, InstructionError error)
        => new(TransactionErrorKind.InstructionError, instructionIndex, error);

    public static TransactionError FromAddressLoader(AddressLoaderError error) => new(error switch
    {
        AddressLoaderError.Disabled => TransactionErrorKind.UnsupportedVersion,
        AddressLoaderError.SlotHashesSysvarNotFound => TransactionErrorKind.AccountNotFound,
        AddressLoaderError.LookupTableAccountNotFound => TransactionErrorKind.AddressLookupTableNotFound,
        AddressLoaderError.InvalidAccountOwner => TransactionErrorKind.InvalidAddressLookupTableOwner,
        AddressLoaderError.InvalidAccountData => TransactionErrorKind.InvalidAddressLookupTableData,
        _ => TransactionErrorKind.InvalidAddressLookupTableIndex,
    });

    public override string ToString() => Kind switch
    {
        TransactionErrorKind.InstructionError => $"InstructionError({Index}, {Instruction})",
        TransactionErrorKind.DuplicateInstruction => $"DuplicateInstruction({Index})",
        TransactionErrorKind.InsufficientFundsForRent => $"InsufficientFundsForRent {{ account_index: {Index} }}",
        TransactionErrorKind.ProgramExecutionTemporarilyRestricted => $"ProgramExecutionTemporarilyRestricted {{ account_index: {Index} }}",
        _ => Kind.ToString(),
    };
}

/// <summary>Why address table lookups could not be resolved (Agave's <c>AddressLoaderError</c>).</summary>
public enum AddressLoaderError
{
    Disabled,
    SlotHashesSysvarNotFound,
    LookupTableAccountNotFound,
    InvalidAccountOwner,
    InvalidAccountData,
    InvalidLookupIndex,
}
