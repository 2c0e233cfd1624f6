namespace Stratus.Runtime.Programs.Stake;

/// <summary>
/// A delegation and the vote credits it has been rewarded up to (the stake interface's <c>Stake</c>).
/// </summary>
public readonly record struct DelegatedStake(Delegation Delegation, ulong CreditsObserved)
{
    public const int SerializedSize = Delegation.SerializedSize + 8;

    public ulong EffectiveStake(ulong epoch, IStakeHistory history, ulong? newRateActivationEpoch) =>
        Delegation.EffectiveStake(epoch, history, newRateActivationEpoch);

    /// <summary>
    /// Takes <paramref name="remainingStakeDelta"/> off this delegation and returns the split-off part
    /// delegating <paramref name="splitStakeAmount"/>, otherwise identical.
    /// </summary>
    public StakeError? Split(ulong remainingStakeDelta, ulong splitStakeAmount, out DelegatedStake remaining, out DelegatedStake split)
    {
        remaining = this;
        split = default;
        if (remainingStakeDelta > Delegation.Stake) return StakeError.InsufficientStake;
        remaining = this with { Delegation = Delegation with { Stake = Delegation.Stake - remainingStakeDelta } };
        split = remaining with { Delegation = remaining.Delegation with { Stake = splitStakeAmount } };
        return null;
    }

    public StakeError? Deactivate(ulong epoch, out DelegatedStake deactivated)
    {
        deactivated = this;
        if (Delegation.DeactivationEpoch != ulong.MaxValue) return StakeError.AlreadyDeactivated;
        deactivated = this with { Delegation = Delegation with { DeactivationEpoch = epoch } };
        return null;
    }
}
