using Stratus.Core.Transactions;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

public enum MergeKindTag
{
    /// <summary>Initialized, or delegated with no stake left in any state (lamports are the account's).</summary>
    Inactive,
    /// <summary>Delegated this epoch: nothing effective yet.</summary>
    ActivationEpoch,
    /// <summary>All effective, nothing warming up or cooling down.</summary>
    FullyActive,
}

/// <summary>
/// How a stake account may take part in a merge or move: only accounts with no transient (partly
/// warmed-up or cooling-down) stake qualify.
/// </summary>
public readonly record struct MergeKind(MergeKindTag Tag, Meta Meta, ulong Lamports, DelegatedStake Stake, byte Flags)
{
    public static InstructionError? GetIfMergeable(InvokeContext ctx, in StakeState state, ulong lamports, Clock clock,
        IStakeHistory history, out MergeKind kind)
    {
        kind = default;
        switch (state.Kind)
        {
            case StakeStateKind.Stake:
            {
                var status = state.Stake.Delegation.StakeActivatingAndDeactivating(clock.Epoch, history,
                    StakeProgram.NewWarmupCooldownRateEpoch(ctx));
                if (status is { Effective: 0, Activating: 0, Deactivating: 0 })
                    kind = new MergeKind(MergeKindTag.Inactive, state.Meta, lamports, default, state.Flags);
                else if (status.Effective == 0)
                    kind = new MergeKind(MergeKindTag.ActivationEpoch, state.Meta, 0, state.Stake, state.Flags);
                else if (status is { Activating: 0, Deactivating: 0 })
                    kind = new MergeKind(MergeKindTag.FullyActive, state.Meta, 0, state.Stake, 0);
                else
                {
                    ctx.Msg(StakeError.MergeTransientStake.Message());
                    return StakeError.MergeTransientStake.ToInstructionError();
                }
                return null;
            }
            case StakeStateKind.Initialized:
                kind = new MergeKind(MergeKindTag.Inactive, state.Meta, lamports, default, 0);
                return null;
            default:
                return new InstructionError(InstructionErrorKind.InvalidAccountData);
        }
    }

    /// <summary>
    /// Authorities must match; lockups must match unless both have expired. The rent reserve may differ
    /// (accounts of different sizes exist on chain).
    /// </summary>
    public static InstructionError? MetasCanMerge(InvokeContext ctx, in Meta stake, in Meta source, Clock clock)
    {
        var lockupsCanMerge = stake.Lockup == source.Lockup
            || (!stake.Lockup.IsInForce(clock, null) && !source.Lockup.IsInForce(clock, null));
        if (stake.Authorized == source.Authorized && lockupsCanMerge) return null;
        ctx.Msg("Unable to merge due to metadata mismatch");
        return StakeError.MergeMismatch.ToInstructionError();
    }

    private static InstructionError? ActiveDelegationsCanMerge(InvokeContext ctx, in Delegation stake, in Delegation source)
    {
        if (stake.VoterPubkey != source.VoterPubkey)
        {
            ctx.Msg("Unable to merge due to voter mismatch");
            return StakeError.MergeMismatch.ToInstructionError();
        }
        if (stake.DeactivationEpoch == ulong.MaxValue && source.DeactivationEpoch == ulong.MaxValue) return null;
        ctx.Msg("Unable to merge due to stake deactivation");
        return StakeError.MergeMismatch.ToInstructionError();
    }

    /// <summary>
    /// The destination's state after absorbing <paramref name="source"/>, or null when it stays as it is
    /// (an inactive destination takes the lamports only).
    /// </summary>
    public InstructionError? Merge(InvokeContext ctx, in MergeKind source, Clock clock, out StakeState? merged)
    {
        merged = null;
        var error = MetasCanMerge(ctx, Meta, source.Meta, clock);
        if (error != null) return error;
        if (Tag != MergeKindTag.Inactive && source.Tag != MergeKindTag.Inactive
            && (error = ActiveDelegationsCanMerge(ctx, Stake.Delegation, source.Stake.Delegation)) != null)
            return error;

        switch (Tag, source.Tag)
        {
            case (MergeKindTag.Inactive, MergeKindTag.Inactive):
            case (MergeKindTag.Inactive, MergeKindTag.ActivationEpoch):
                return null;
            case (MergeKindTag.ActivationEpoch, MergeKindTag.Inactive):
            {
                var d = Stake.Delegation;
                if (ulong.MaxValue - d.Stake < source.Lamports) return new InstructionError(InstructionErrorKind.InsufficientFunds);
                var stake = Stake with { Delegation = d with { Stake = d.Stake + source.Lamports } };
                merged = StakeState.Delegated(Meta, stake, (byte)(Flags | source.Flags));
                return null;
            }
            case (MergeKindTag.ActivationEpoch, MergeKindTag.ActivationEpoch):
            {
                var absorbed = source.Meta.RentExemptReserve;
                if (ulong.MaxValue - absorbed < source.Stake.Delegation.Stake) return new InstructionError(InstructionErrorKind.InsufficientFunds);
                absorbed += source.Stake.Delegation.Stake;
                if ((error = MergeDelegationStakeAndCreditsObserved(Stake, absorbed, source.Stake.CreditsObserved, out var stake)) != null)
                    return error;
                merged = StakeState.Delegated(Meta, stake, (byte)(Flags | source.Flags));
                return null;
            }
            case (MergeKindTag.FullyActive, MergeKindTag.FullyActive):
            {
                // The source's rent reserve is not staked (it would activate from nothing); it arrives as
                // withdrawable lamports.
                if ((error = MergeDelegationStakeAndCreditsObserved(Stake, source.Stake.Delegation.Stake, source.Stake.CreditsObserved,
                        out var stake)) != null)
                    return error;
                merged = StakeState.Delegated(Meta, stake, 0);
                return null;
            }
            default:
                return StakeError.MergeMismatch.ToInstructionError();
        }
    }

    public static InstructionError? MergeDelegationStakeAndCreditsObserved(in DelegatedStake stake, ulong absorbedLamports,
        ulong absorbedCreditsObserved, out DelegatedStake merged)
    {
        merged = stake;
        if (StakeWeightedCreditsObserved(stake, absorbedLamports, absorbedCreditsObserved) is not { } credits)
            return new InstructionError(InstructionErrorKind.ArithmeticOverflow);
        var d = stake.Delegation;
        if (ulong.MaxValue - d.Stake < absorbedLamports) return new InstructionError(InstructionErrorKind.InsufficientFunds);
        merged = new DelegatedStake(d with { Stake = d.Stake + absorbedLamports }, credits);
        return null;
    }

    /// <summary>
    /// The stake-weighted mean of both credits observed, rounded up so a merge never earns rewards that
    /// neither side would have (null on overflow).
    /// </summary>
    public static ulong? StakeWeightedCreditsObserved(in DelegatedStake stake, ulong absorbedLamports, ulong absorbedCreditsObserved)
    {
        if (stake.CreditsObserved == absorbedCreditsObserved) return stake.CreditsObserved;
        var d = stake.Delegation;
        if (ulong.MaxValue - d.Stake < absorbedLamports) return null;
        UInt128 total = d.Stake + absorbedLamports;
        var stakeWeighted = (UInt128)stake.CreditsObserved * d.Stake;
        var absorbedWeighted = (UInt128)absorbedCreditsObserved * absorbedLamports;
        // Discard fractional credits by taking the ceiling: add total - 1 before dividing.
        if (UInt128.MaxValue - stakeWeighted < absorbedWeighted) return null;
        var weighted = stakeWeighted + absorbedWeighted;
        if (UInt128.MaxValue - weighted < total) return null;
        var numerator = weighted + total;
        if (numerator == 0 || total == 0) return null;
        var quotient = (numerator - 1) / total;
        return quotient > ulong.MaxValue ? null : (ulong)quotient;
    }
}
