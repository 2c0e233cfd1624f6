using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>
/// MoveStake and MoveLamports (<c>move_stake_and_move_lamports_ixs</c>): move active stake, or lamports
/// that are neither staked nor reserved, between two stake accounts with the same authorities, signed by
/// the staker.
/// </summary>
internal static class StakeMove
{
    /// <summary>Both accounts stay borrowed throughout, so naming one account twice fails to borrow it.</summary>
    public static InstructionError? Move(InvokeContext ctx, bool moveStake, int sourceIndex, ulong lamports, int destinationIndex, int authorityIndex)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var source = tx.BorrowInstructionAccount(ix, sourceIndex, out var error);
        if (error != null) return error;
        using var destination = tx.BorrowInstructionAccount(ix, destinationIndex, out error);
        if (error != null) return error;
        if ((error = SharedChecks(ctx, ix, source, lamports, destination, authorityIndex, out var sourceKind, out var destinationKind)) != null)
            return error;
        return moveStake
            ? MoveStake(ctx, source, lamports, destination, sourceKind, destinationKind)
            : MoveLamports(source, lamports, destination, sourceKind);
    }

    private static InstructionError? MoveStake(InvokeContext ctx, BorrowedAccount source, ulong lamports, BorrowedAccount destination,
        in MergeKind sourceKind, in MergeKind destinationKind)
    {
        InstructionError? error;

        // A future, larger state layout must not be written into an old account.
        if (source.DataLength != StakeState.Size || destination.DataLength != StakeState.Size)
            return new InstructionError(InstructionErrorKind.InvalidAccountData);
        if (sourceKind.Tag != MergeKindTag.FullyActive) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        var sourceMeta = sourceKind.Meta;
        var sourceStake = sourceKind.Stake;

        var minimum = StakeProgram.MinimumDelegation(ctx.Features);
        var sourceEffective = sourceStake.Delegation.Stake;
        if (lamports > sourceEffective) return new InstructionError(InstructionErrorKind.InvalidArgument);
        var sourceFinal = sourceEffective - lamports;
        if (sourceFinal != 0 && sourceFinal < minimum) return new InstructionError(InstructionErrorKind.InvalidArgument);

        Meta destinationMeta;
        switch (destinationKind.Tag)
        {
            case MergeKindTag.FullyActive:
            {
                destinationMeta = destinationKind.Meta;
                var destinationStake = destinationKind.Stake;
                if (sourceStake.Delegation.VoterPubkey != destinationStake.Delegation.VoterPubkey)
                    return StakeError.VoteAddressMismatch.ToInstructionError();
                var destinationEffective = destinationStake.Delegation.Stake;
                if (ulong.MaxValue - destinationEffective < lamports) return new InstructionError(InstructionErrorKind.ArithmeticOverflow);
                if (destinationEffective + lamports < minimum) return new InstructionError(InstructionErrorKind.InvalidArgument);
                if ((error = MergeKind.MergeDelegationStakeAndCreditsObserved(destinationStake, lamports, sourceStake.CreditsObserved,
                        out var merged)) != null)
                    return error;
                if ((error = StakeOperations.WriteState(destination, StakeState.Delegated(destinationMeta, merged, 0))) != null) return error;
                break;
            }
            case MergeKindTag.Inactive:
            {
                destinationMeta = destinationKind.Meta;
                if (lamports < minimum) return new InstructionError(InstructionErrorKind.InvalidArgument);
                var moved = sourceStake with { Delegation = sourceStake.Delegation with { Stake = lamports } };
                if ((error = StakeOperations.WriteState(destination, StakeState.Delegated(destinationMeta, moved, 0))) != null) return error;
                break;
            }
            default:
                return new InstructionError(InstructionErrorKind.InvalidAccountData);
        }

        var sourceState = sourceFinal == 0
            ? StakeState.Initialized(sourceMeta)
            : StakeState.Delegated(sourceMeta, sourceStake with { Delegation = sourceStake.Delegation with { Stake = sourceFinal } }, 0);
        if ((error = StakeOperations.WriteState(source, sourceState)) != null) return error;
        if ((error = source.CheckedSubLamports(lamports)) != null) return error;
        if ((error = destination.CheckedAddLamports(lamports)) != null) return error;

        // Unreachable when the delegations are consistent; Agave guards it because the math uses delegations, not balances.
        if (source.Lamports < sourceMeta.RentExemptReserve || destination.Lamports < destinationMeta.RentExemptReserve) return ctx.Fail("Delegation calculations violated lamport balance assumptions", InstructionErrorKind.InvalidArgument);
        return null;
    }

    private static InstructionError? MoveLamports(BorrowedAccount source, ulong lamports, BorrowedAccount destination, in MergeKind sourceKind)
    {

        ulong free;
        switch (sourceKind.Tag)
        {
            case MergeKindTag.FullyActive:
                free = SaturatingSub(SaturatingSub(source.Lamports, sourceKind.Stake.Delegation.Stake), sourceKind.Meta.RentExemptReserve);
                break;
            case MergeKindTag.Inactive:
                free = SaturatingSub(sourceKind.Lamports, sourceKind.Meta.RentExemptReserve);
                break;
            default:
                return new InstructionError(InstructionErrorKind.InvalidAccountData);
        }
        if (lamports > free) return new InstructionError(InstructionErrorKind.InvalidArgument);
        var error = source.CheckedSubLamports(lamports);
        return error ?? destination.CheckedAddLamports(lamports);
    }

    private static InstructionError? SharedChecks(InvokeContext ctx, InstructionContext ix, BorrowedAccount source, ulong lamports,
        BorrowedAccount destination, int authorityIndex, out MergeKind sourceKind, out MergeKind destinationKind)
    {
        sourceKind = default;
        destinationKind = default;
        var tx = ctx.Transaction;
        var error = SystemProgram.KeyOf(tx, ix, authorityIndex, out var authority);
        if (error != null) return error;
        if ((error = ix.IsSigner(authorityIndex, out var signed)) != null) return error;
        if (!signed) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);

        if (source.Owner != ProgramIds.Stake || destination.Owner != ProgramIds.Stake)
            return new InstructionError(InstructionErrorKind.IncorrectProgramId);
        if (source.Key == destination.Key) return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        if (!source.IsWritable || !destination.IsWritable) return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        if (lamports == 0) return new InstructionError(InstructionErrorKind.InvalidArgument);

        var sysvars = ctx.Environment.Sysvars;
        if ((error = sysvars.GetClock(out var clock)) != null) return error;
        if ((error = StakeHistory.Get(sysvars, out var history)) != null) return error;

        // Mergeability excludes partly activated and any deactivating stake; activating stake is excluded by the callers.
        if ((error = StakeOperations.ReadState(source, out var sourceState)) != null) return error;
        if ((error = MergeKind.GetIfMergeable(ctx, sourceState, source.Lamports, clock, history, out sourceKind)) != null) return error;
        if ((error = sourceKind.Meta.Authorized.Check(key => key == authority, StakeAuthorize.Staker)) != null) return error;
        if ((error = StakeOperations.ReadState(destination, out var destinationState)) != null) return error;
        if ((error = MergeKind.GetIfMergeable(ctx, destinationState, destination.Lamports, clock, history, out destinationKind)) != null)
            return error;
        return MergeKind.MetasCanMerge(ctx, sourceKind.Meta, destinationKind.Meta, clock);
    }

    private static ulong SaturatingSub(ulong a, ulong b) => a > b ? a - b : 0;
}
