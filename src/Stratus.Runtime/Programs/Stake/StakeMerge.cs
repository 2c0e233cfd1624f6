using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>Merge: folds a source stake account into the destination and drains it.</summary>
internal static class StakeMerge
{
    public static InstructionError? Merge(InvokeContext ctx, int stakeIndex, int sourceIndex, Clock clock, StakeHistory history,
        Func<Pubkey, bool> isSigner)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var source = tx.BorrowInstructionAccount(ix, sourceIndex, out var error);
        if (error != null) return error;
        if (source.Owner != ProgramIds.Stake) return new InstructionError(InstructionErrorKind.IncorrectProgramId);
        // Merging an account into itself would mint its lamports.
        if ((error = ix.GetIndexInTransaction(stakeIndex, out var stakeInTx)) != null) return error;
        if ((error = ix.GetIndexInTransaction(sourceIndex, out var sourceInTx)) != null) return error;
        if (stakeInTx == sourceInTx) return new InstructionError(InstructionErrorKind.InvalidArgument);
        using var stake = tx.BorrowInstructionAccount(ix, stakeIndex, out error);
        if (error != null) return error;

        ctx.Msg("Checking if destination stake is mergeable");
        if ((error = StakeOperations.ReadState(stake, out var stakeState)) != null) return error;
        if ((error = MergeKind.GetIfMergeable(ctx, stakeState, stake.Lamports, clock, history, out var stakeKind)) != null) return error;
        if ((error = stakeKind.Meta.Authorized.Check(isSigner, StakeAuthorize.Staker)) != null) return error;

        ctx.Msg("Checking if source stake is mergeable");
        if ((error = StakeOperations.ReadState(source, out var sourceState)) != null) return error;
        if ((error = MergeKind.GetIfMergeable(ctx, sourceState, source.Lamports, clock, history, out var sourceKind)) != null) return error;

        ctx.Msg("Merging stake accounts");
        if ((error = stakeKind.Merge(ctx, sourceKind, clock, out var merged)) != null) return error;
        if (merged is { } m && (error = StakeOperations.WriteState(stake, m)) != null) return error;

        if ((error = StakeOperations.WriteState(source, StakeState.Uninitialized)) != null) return error;
        var lamports = source.Lamports;
        if ((error = source.CheckedSubLamports(lamports)) != null) return error;
        return stake.CheckedAddLamports(lamports);
    }
}
