using Stratus.Core.Transactions;

namespace Stratus.Core.Tests.Transactions;

/// <summary>The enum values are bincode discriminants (transaction status metadata), so their positions are pinned.</summary>
public class ErrorCodeTests
{
    [Fact]
    public void Transaction_error_discriminants_follow_agave_order()
    {
        Assert.Equal(0u, (uint)TransactionErrorKind.AccountInUse);
        Assert.Equal(1u, (uint)TransactionErrorKind.AccountLoadedTwice);
        Assert.Equal(8u, (uint)TransactionErrorKind.InstructionError);
        Assert.Equal(14u, (uint)TransactionErrorKind.SanitizeFailure);
        Assert.Equal(22u, (uint)TransactionErrorKind.TooManyAccountLocks);
        Assert.Equal(30u, (uint)TransactionErrorKind.DuplicateInstruction);
        Assert.Equal(38u, (uint)TransactionErrorKind.CommitCancelled);
        Assert.Equal(39, Enum.GetValues<TransactionErrorKind>().Length);
    }

    [Fact]
    public void Instruction_error_discriminants_follow_agave_order()
    {
        Assert.Equal(0u, (uint)InstructionErrorKind.GenericError);
        Assert.Equal(25u, (uint)InstructionErrorKind.Custom);
        Assert.Equal(44u, (uint)InstructionErrorKind.BorshIoError);
        Assert.Equal(53u, (uint)InstructionErrorKind.BuiltinProgramsMustConsumeComputeUnits);
        Assert.Equal(54, Enum.GetValues<InstructionErrorKind>().Length);
    }

    [Fact]
    public void Errors_print_like_agave_debug_output()
    {
        Assert.Equal("InstructionError(2, Custom(6001))", TransactionError.FromInstruction(2, InstructionError.FromCustom(6001)).ToString());
        Assert.Equal("DuplicateInstruction(3)", new TransactionError(TransactionErrorKind.DuplicateInstruction, 3).ToString());
        Assert.Equal("SanitizeFailure", TransactionError.SanitizeFailure.ToString());
        Assert.Equal("ok", SanitizeResult.Ok.ToString());
        Assert.Equal("Truncated in Signatures at byte 1", new TransactionParseResult(TransactionParseError.Truncated, TransactionField.Signatures, 1).ToString());
    }
}
