using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.System;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>Split: moves lamports (and, for delegated stake, the matching part of the delegation) into an uninitialized stake account.</summary>
internal static class StakeSplit
{
    public static InstructionError? Split(InvokeContext ctx, int stakeIndex, ulong lamports, int splitIndex, Func<Pubkey, bool> isSigner)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        InstructionError? error;
        ulong splitBalance;
        {
            using var split = tx.BorrowInstructionAccount(ix, splitIndex, out error);
            if (error != null) return error;
            if (split.Owner != ProgramIds.Stake) return new InstructionError(InstructionErrorKind.IncorrectProgramId);
            if (split.DataLength != StakeState.Size) return new InstructionError(InstructionErrorKind.InvalidAccountData);
            if ((error = StakeOperations.ReadState(split, out var splitState)) != null) return error;
            if (splitState.Kind != StakeStateKind.Uninitialized) return new InstructionError(InstructionErrorKind.InvalidAccountData);
            splitBalance = split.Lamports;
        }
        StakeState state;
        {
            using var stake = tx.BorrowInstructionAccount(ix, stakeIndex, out error);
            if (error != null) return error;
            if (lamports > stake.Lamports) return new InstructionError(InstructionErrorKind.InsufficientFunds);
            if ((error = StakeOperations.ReadState(stake, out state)) != null) return error;
        }

        switch (state.Kind)
        {
            case StakeStateKind.Stake:
            {
                var meta = state.Meta;
                if ((error = meta.Authorized.Check(isSigner, StakeAuthorize.Staker)) != null) return error;
                var minimum = StakeProgram.MinimumDelegation(ctx.Features);
                if ((error = ctx.Environment.Sysvars.GetClock(out var clock)) != null) return error;
                if ((error = StakeHistory.Get(ctx.Environment.Sysvars, out var history)) != null) return error;
                var isActive = state.Stake.EffectiveStake(clock.Epoch, history, StakeProgram.NewWarmupCooldownRateEpoch(ctx)) > 0;
                if ((error = ValidateSplitAmount(ctx, stakeIndex, splitIndex, lamports, meta, minimum, isActive, out var info)) != null)
                    return error;

                ulong remainingDelta, splitAmount;
                if (info.SourceRemainingBalance == 0)
                {
                    // Splitting everything: the new stake is exactly the old one, whatever the destination
                    // held or its reserve, so prefunding cannot activate stake from nothing.
                    remainingDelta = lamports > meta.RentExemptReserve ? lamports - meta.RentExemptReserve : 0;
                    splitAmount = remainingDelta;
                }
                else
                {
                    var stakeLeft = state.Stake.Delegation.Stake > lamports ? state.Stake.Delegation.Stake - lamports : 0;
                    if (stakeLeft < minimum) return StakeError.InsufficientDelegation.ToInstructionError();
                    remainingDelta = lamports;
                    var reserveShortfall = info.DestinationRentExemptReserve > splitBalance ? info.DestinationRentExemptReserve - splitBalance : 0;
                    splitAmount = lamports > reserveShortfall ? lamports - reserveShortfall : 0;
                }
                if (splitAmount < minimum) return StakeError.InsufficientDelegation.ToInstructionError();

                var splitError = state.Stake.Split(remainingDelta, splitAmount, out var remaining, out var splitStake);
                if (splitError != null) return splitError.Value.ToInstructionError();
                var splitMeta = meta with { RentExemptReserve = info.DestinationRentExemptReserve };
                {
                    using var stake = tx.BorrowInstructionAccount(ix, stakeIndex, out error);
                    if (error != null) return error;
                    if ((error = StakeOperations.WriteState(stake, state with { Stake = remaining })) != null) return error;
                }
                {
                    using var split = tx.BorrowInstructionAccount(ix, splitIndex, out error);
                    if (error != null) return error;
                    if ((error = StakeOperations.WriteState(split, StakeState.Delegated(splitMeta, splitStake, state.Flags))) != null) return error;
                }
                break;
            }
            case StakeStateKind.Initialized:
            {
                var meta = state.Meta;
                if ((error = meta.Authorized.Check(isSigner, StakeAuthorize.Staker)) != null) return error;
                if ((error = ValidateSplitAmount(ctx, stakeIndex, splitIndex, lamports, meta, 0, false, out var info)) != null) return error;
                using var split = tx.BorrowInstructionAccount(ix, splitIndex, out error);
                if (error != null) return error;
                var splitMeta = meta with { RentExemptReserve = info.DestinationRentExemptReserve };
                if ((error = StakeOperations.WriteState(split, StakeState.Initialized(splitMeta))) != null) return error;
                break;
            }
            case StakeStateKind.Uninitialized:
            {
                if ((error = SystemProgram.KeyOf(tx, ix, stakeIndex, out var stakeKey)) != null) return error;
                if (!isSigner(stakeKey)) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);
                break;
            }
            default:
                return new InstructionError(InstructionErrorKind.InvalidAccountData);
        }

        {
            using var stake = tx.BorrowInstructionAccount(ix, stakeIndex, out error);
            if (error != null) return error;
            if (lamports == stake.Lamports && (error = StakeOperations.WriteState(stake, StakeState.Uninitialized)) != null) return error;
        }
        {
            using var split = tx.BorrowInstructionAccount(ix, splitIndex, out error);
            if (error != null) return error;
            if ((error = split.CheckedAddLamports(lamports)) != null) return error;
        }
        using var source = tx.BorrowInstructionAccount(ix, stakeIndex, out error);
        if (error != null) return error;
        return source.CheckedSubLamports(lamports);
    }

    private readonly record struct SplitInfo(ulong SourceRemainingBalance, ulong DestinationRentExemptReserve);

    /// <summary>
    /// Both sides must keep their rent reserve plus <paramref name="additionalRequired"/> (the minimum
    /// delegation for delegated stake), unless the source is emptied; splitting active stake also needs a
    /// destination already holding its reserve, unless everything moves.
    /// </summary>
    private static InstructionError? ValidateSplitAmount(InvokeContext ctx, int sourceIndex, int destinationIndex, ulong lamports,
        in Meta sourceMeta, ulong additionalRequired, bool sourceIsActive, out SplitInfo info)
    {
        info = default;
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        ulong sourceLamports, destinationLamports;
        int destinationDataLength;
        InstructionError? error;
        {
            using var source = tx.BorrowInstructionAccount(ix, sourceIndex, out error);
            if (error != null) return error;
            sourceLamports = source.Lamports;
        }
        {
            using var destination = tx.BorrowInstructionAccount(ix, destinationIndex, out error);
            if (error != null) return error;
            destinationLamports = destination.Lamports;
            destinationDataLength = destination.DataLength;
        }

        if (lamports == 0) return new InstructionError(InstructionErrorKind.InsufficientFunds);
        if (lamports > sourceLamports) return new InstructionError(InstructionErrorKind.InsufficientFunds);

        var sourceMinimum = SaturatingAdd(sourceMeta.RentExemptReserve, additionalRequired);
        var sourceRemaining = sourceLamports - lamports;
        if (sourceRemaining != 0 && sourceRemaining < sourceMinimum) return new InstructionError(InstructionErrorKind.InsufficientFunds);

        if ((error = ctx.Environment.Sysvars.GetRent(out var rent)) != null) return error;
        var destinationReserve = rent.MinimumBalance((ulong)destinationDataLength);
        if (sourceIsActive && sourceRemaining != 0 && destinationLamports < destinationReserve)
            return new InstructionError(InstructionErrorKind.InsufficientFunds);

        var destinationMinimum = SaturatingAdd(destinationReserve, additionalRequired);
        var deficit = destinationMinimum > destinationLamports ? destinationMinimum - destinationLamports : 0;
        if (lamports < deficit) return new InstructionError(InstructionErrorKind.InsufficientFunds);

        info = new SplitInfo(sourceRemaining, destinationReserve);
        return null;
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => ulong.MaxValue - a < b ? ulong.MaxValue : a + b;
}
