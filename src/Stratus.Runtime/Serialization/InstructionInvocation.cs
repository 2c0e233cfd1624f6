using Stratus.Core;
using Stratus.Core.Accounts;

namespace Stratus.Runtime.Serialization;

/// <summary>
/// What the serializer needs from the transaction context for one program invocation: every account
/// of the transaction, the instruction's account list, its data, the program being run and the input
/// layout its loader uses.
/// </summary>
public readonly ref struct InstructionInvocation
{
    public InstructionInvocation(
        ReadOnlySpan<TransactionAccount> transactionAccounts,
        ReadOnlySpan<InstructionAccount> instructionAccounts,
        ReadOnlySpan<byte> data,
        Pubkey programId,
        InputLayout layout)
    {
        TransactionAccounts = transactionAccounts;
        InstructionAccounts = instructionAccounts;
        Data = data;
        ProgramId = programId;
        Layout = layout;
    }

    public ReadOnlySpan<TransactionAccount> TransactionAccounts { get; }

    public ReadOnlySpan<InstructionAccount> InstructionAccounts { get; }

    public ReadOnlySpan<byte> Data { get; }

    public Pubkey ProgramId { get; }

    public InputLayout Layout { get; }
}
