namespace Stratus.Runtime.Fees;

/// <summary>
/// A transaction's fee in its two buckets (solana-fee-structure <c>FeeDetails</c>): the transaction fee (split
/// with the burn at freeze) and the prioritization fee (all to the leader once <c>reward_full_priority_fee</c> is active).
/// </summary>
public readonly record struct FeeDetails(ulong TransactionFee, ulong PrioritizationFee)
{
    public static FeeDetails Zero => default;

    /// <summary>What the fee payer is charged: the sum, saturating.</summary>
    public ulong Total => SaturatingAdd(TransactionFee, PrioritizationFee);

    /// <summary>Bucket-wise saturating sum (Agave's <c>FeeDetails::accumulate</c>).</summary>
    public FeeDetails Add(in FeeDetails other) =>
        new(SaturatingAdd(TransactionFee, other.TransactionFee), SaturatingAdd(PrioritizationFee, other.PrioritizationFee));

    internal static ulong SaturatingAdd(ulong a, ulong b)
    {
        var sum = a + b;
        return sum < a ? ulong.MaxValue : sum;
    }

    internal static ulong SaturatingMul(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high != 0 ? ulong.MaxValue : low;
    }
}
