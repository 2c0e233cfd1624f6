using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Fees;

namespace Stratus.Runtime.Processing;

/// <summary>An instruction a program invoked (CPI), as the transaction's metadata lists it.</summary>
public sealed record InnerInstruction(byte ProgramIdIndex, byte[] Accounts, byte[] Data, int StackHeight);

/// <summary>
/// What processing one transaction produced. <see cref="Processed"/> is false when the transaction could not
/// be charged (it changes nothing and, in replay, invalidates the block). When processed, <see cref="Status"/>
/// is null on success or the error, and <see cref="PostAccounts"/> holds the state to commit: every account
/// after a success, or only the fee payer and nonce account after a failure. A non-null
/// <see cref="UnsupportedReason"/> means execution reached something not implemented here: the other fields
/// are not Agave's outcome.
/// </summary>
public sealed class TransactionResult
{
    public bool Processed { get; init; }

    public TransactionError? Status { get; init; }

    public bool IsSuccess => Processed && Status == null && UnsupportedReason == null;

    public string? UnsupportedReason { get; init; }

    public FeeDetails Fee { get; init; }

    public ulong ComputeUnitsConsumed { get; init; }

    public IReadOnlyList<string> Logs { get; init; } = [];

    public TransactionReturnData? ReturnData { get; init; }

    /// <summary>Per top-level instruction, the instructions it invoked.</summary>
    public IReadOnlyList<IReadOnlyList<InnerInstruction>> InnerInstructions { get; init; } = [];

    /// <summary>Accounts to commit, by key.</summary>
    public IReadOnlyList<TransactionAccount> PostAccounts { get; init; } = [];

    public uint LoadedAccountsDataSize { get; init; }

    /// <summary>
    /// Every account of an executed transaction as its instructions left it, whatever the status (what Agave's
    /// executed transaction holds before commit picks the rollback state); empty when nothing executed.
    /// </summary>
    public IReadOnlyList<TransactionAccount> ExecutedAccounts { get; init; } = [];

    /// <summary>For each of <see cref="ExecutedAccounts"/>, whether the message lets it be written.</summary>
    public IReadOnlyList<bool> ExecutedWritable { get; init; } = [];

    /// <summary>Rent collected while loading (before <c>disable_rent_fees_collection</c>).</summary>
    public ulong RentCollected { get; init; }

    public static TransactionResult NotProcessed(TransactionError error) => new() { Processed = false, Status = error };

    public override string ToString() =>
        UnsupportedReason != null ? $"Unsupported({UnsupportedReason})"
        : !Processed ? $"NotProcessed({Status})"
        : Status == null ? $"Ok(cu={ComputeUnitsConsumed}, fee={Fee.Total})"
        : $"Err({Status}, cu={ComputeUnitsConsumed}, fee={Fee.Total})";
}
