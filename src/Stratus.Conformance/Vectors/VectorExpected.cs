using Stratus.Core;

namespace Stratus.Conformance.Vectors;

/// <summary>What LiteSVM produced: status, error, compute units, fee, logs, return data, inner instructions, post-state.</summary>
public sealed record VectorExpected(
    bool Success,
    VectorError? Error,
    ulong ComputeUnitsConsumed,
    ulong Fee,
    IReadOnlyList<string> Logs,
    VectorReturnData? ReturnData,
    IReadOnlyList<VectorInnerInstructions> InnerInstructions,
    IReadOnlyList<VectorAccount> Accounts);

/// <summary>
/// A TransactionError. <see cref="Kind"/> is the variant name (<c>InstructionError</c>, <c>InsufficientFundsForFee</c>, ...);
/// for <c>InstructionError</c> the instruction index and the InstructionError variant (<see cref="InstructionErrorKind"/>,
/// with <see cref="Custom"/> or <see cref="BorshIoMessage"/> when it carries a value); <see cref="Index"/> holds the
/// index of <c>DuplicateInstruction</c> and the account index of <c>InsufficientFundsForRent</c> /
/// <c>ProgramExecutionTemporarilyRestricted</c>. <see cref="Json"/> is serde's JSON shape, <see cref="Debug"/> Rust's Debug text.
/// </summary>
public sealed record VectorError(
    string Kind,
    int? Index,
    string? InstructionErrorKind,
    uint? Custom,
    string? BorshIoMessage,
    string Json,
    string Debug);

public sealed record VectorReturnData(Pubkey ProgramId, byte[] Data);

public sealed record VectorInnerInstruction(int ProgramIdIndex, byte[] Accounts, byte[] Data, int StackHeight);

/// <summary>The inner instructions of top-level instruction <see cref="Index"/> (lists that would be empty are omitted).</summary>
public sealed record VectorInnerInstructions(int Index, IReadOnlyList<VectorInnerInstruction> Instructions);
