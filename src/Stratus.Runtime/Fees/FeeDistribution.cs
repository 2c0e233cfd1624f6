namespace Stratus.Runtime.Fees;

/// <summary>
/// Fees a bank collected from its processed transactions (including fee-only failures), kept both ways Agave
/// keeps them: the plain total (u64 that wraps, as the release build adds it; stored in the snapshot's bank
/// fields) and the two buckets (saturating).
/// </summary>
public struct CollectedFees
{
    public ulong Total;
    public FeeDetails Details;

    public void Add(in FeeDetails fee)
    {
        Total = unchecked(Total + fee.Total);
        Details = Details.Add(fee);
    }
}

/// <summary>The freeze-time split of collected fees between the leader (deposit) and the burn.</summary>
public readonly record struct FeeSplit(ulong Deposit, ulong Burn);

/// <summary>
/// How collected fees are shared at freeze (Agave 2.2 <c>fee_distribution.rs</c>, unchanged by X1). Without
/// <c>reward_full_priority_fee</c> the whole total is split: burn = total × burn_percent / 100. With it only
/// the transaction-fee bucket is split and the prioritization fee goes entirely to the leader. burn_percent is
/// the genesis fee-rate governor's (Agave default 50). The deposit is burned too when the leader's identity
/// account is not system-owned, would overflow, or would be left rent-paying; that check needs the account and
/// belongs to the bank.
/// </summary>
public static class FeeDistribution
{
    /// <summary><c>FeeRateGovernor::burn</c>: (unburned, burned); the product wraps as in the release build.</summary>
    public static FeeSplit Burn(ulong fees, byte burnPercent)
    {
        var burned = unchecked(fees * burnPercent) / 100;
        return new FeeSplit(fees - burned, burned);
    }

    public static FeeSplit Split(in CollectedFees collected, byte burnPercent, bool rewardFullPriorityFee)
    {
        if (!rewardFullPriorityFee)
            return collected.Total == 0 ? default : Burn(collected.Total, burnPercent);

        var details = collected.Details;
        if (details.Total == 0) return default;
        var split = details.TransactionFee != 0 ? Burn(details.TransactionFee, burnPercent) : default;
        return new FeeSplit(FeeDetails.SaturatingAdd(split.Deposit, details.PrioritizationFee), split.Burn);
    }
}
