using Stratus.Core;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>
/// Lamports delegated to a vote account and the epochs they started and stopped warming up. The legacy
/// per-delegation warmup rate is kept only as stored bits (the program uses the epoch's rate instead).
/// </summary>
public readonly record struct Delegation(Pubkey VoterPubkey, ulong Stake, ulong ActivationEpoch, ulong DeactivationEpoch, ulong WarmupCooldownRateBits)
{
    public const int SerializedSize = 32 + 8 + 8 + 8 + 8;

    /// <summary>Fraction of the cluster's effective stake that may warm up or cool down per epoch.</summary>
    public const double DefaultWarmupCooldownRate = 0.25;

    /// <summary>The rate once <c>reduce_stake_warmup_cooldown</c> has taken effect.</summary>
    public const double NewWarmupCooldownRate = 0.09;

    public static readonly ulong DefaultWarmupCooldownRateBits = (ulong)BitConverter.DoubleToInt64Bits(DefaultWarmupCooldownRate);

    /// <summary>A fresh delegation: not deactivated, legacy rate field at its default.</summary>
    public static Delegation Create(in Pubkey voter, ulong stake, ulong activationEpoch) =>
        new(voter, stake, activationEpoch, ulong.MaxValue, DefaultWarmupCooldownRateBits);

    /// <summary>Genesis stake is effective from the start.</summary>
    public bool IsBootstrap => ActivationEpoch == ulong.MaxValue;

    public static double WarmupCooldownRate(ulong epoch, ulong? newRateActivationEpoch) =>
        epoch < (newRateActivationEpoch ?? ulong.MaxValue) ? DefaultWarmupCooldownRate : NewWarmupCooldownRate;

    /// <summary>The effective stake at <paramref name="epoch"/>.</summary>
    public ulong EffectiveStake(ulong epoch, IStakeHistory history, ulong? newRateActivationEpoch) =>
        StakeActivatingAndDeactivating(epoch, history, newRateActivationEpoch).Effective;

    /// <summary>
    /// Effective, activating and deactivating stake at <paramref name="targetEpoch"/>. Each epoch after
    /// activation (or deactivation) the delegation receives its pro-rata share of the rate-limited change
    /// in cluster stake recorded in the history for the previous epoch, at least one lamport; a missing
    /// history entry means the change completed. Float arithmetic and saturating float-to-integer casts
    /// match Agave's, as does wrapping integer arithmetic (Agave's release build has no overflow checks).
    /// </summary>
    public StakeHistoryEntry StakeActivatingAndDeactivating(ulong targetEpoch, IStakeHistory history, ulong? newRateActivationEpoch)
    {
        var (effective, activating) = StakeAndActivating(targetEpoch, history, newRateActivationEpoch);
        if (targetEpoch < DeactivationEpoch)
            return new StakeHistoryEntry(effective, activating, 0);
        // Only what is effective can deactivate; deactivating stake still counts as effective.
        if (targetEpoch == DeactivationEpoch)
            return StakeHistoryEntry.WithDeactivating(effective);
        if (!history.TryGetEntry(DeactivationEpoch, out var prevCluster))
            return default;

        var prevEpoch = DeactivationEpoch;
        var current = effective;
        while (true)
        {
            var currentEpoch = prevEpoch + 1;
            if (prevCluster.Deactivating == 0) break;
            var weight = (double)current / prevCluster.Deactivating;
            var rate = WarmupCooldownRate(currentEpoch, newRateActivationEpoch);
            var newlyNotEffectiveCluster = prevCluster.Effective * rate;
            var newlyNotEffective = Math.Max(SaturatingToU64(weight * newlyNotEffectiveCluster), 1UL);
            current = current > newlyNotEffective ? current - newlyNotEffective : 0;
            if (current == 0) break;
            if (currentEpoch >= targetEpoch) break;
            if (!history.TryGetEntry(currentEpoch, out var next)) break;
            prevEpoch = currentEpoch;
            prevCluster = next;
        }
        return StakeHistoryEntry.WithDeactivating(current);
    }

    private (ulong Effective, ulong Activating) StakeAndActivating(ulong targetEpoch, IStakeHistory history, ulong? newRateActivationEpoch)
    {
        var delegated = Stake;
        if (IsBootstrap) return (delegated, 0);
        // Activated and deactivated in the same epoch: never any stake.
        if (ActivationEpoch == DeactivationEpoch) return (0, 0);
        if (targetEpoch == ActivationEpoch) return (0, delegated);
        if (targetEpoch < ActivationEpoch) return (0, 0);
        if (!history.TryGetEntry(ActivationEpoch, out var prevCluster)) return (delegated, 0);

        var prevEpoch = ActivationEpoch;
        ulong current = 0;
        while (true)
        {
            var currentEpoch = prevEpoch + 1;
            if (prevCluster.Activating == 0) break;
            var remaining = delegated - current;
            var weight = (double)remaining / prevCluster.Activating;
            var rate = WarmupCooldownRate(currentEpoch, newRateActivationEpoch);
            var newlyEffectiveCluster = prevCluster.Effective * rate;
            var newlyEffective = Math.Max(SaturatingToU64(weight * newlyEffectiveCluster), 1UL);
            current += newlyEffective;
            if (current >= delegated)
            {
                current = delegated;
                break;
            }
            if (currentEpoch >= targetEpoch || currentEpoch >= DeactivationEpoch) break;
            if (!history.TryGetEntry(currentEpoch, out var next)) break;
            prevEpoch = currentEpoch;
            prevCluster = next;
        }
        return (current, delegated - current);
    }

    /// <summary>Rust's <c>f64 as u64</c>: NaN and negatives become 0, values past the range saturate.</summary>
    internal static ulong SaturatingToU64(double value)
    {
        if (double.IsNaN(value) || value <= 0) return 0;
        if (value >= 18446744073709551615.0) return ulong.MaxValue;
        return (ulong)value;
    }
}
