using Stratus.Runtime.Fees;

namespace Stratus.Runtime.Tests;

public class FeeDistributionTests
{
    [Theory]
    [InlineData(0UL, 50, 0UL, 0UL)]
    [InlineData(10_000UL, 50, 5_000UL, 5_000UL)]
    [InlineData(5_001UL, 50, 2_501UL, 2_500UL)] // the burn rounds down
    [InlineData(16_200UL, 50, 8_100UL, 8_100UL)]
    [InlineData(16_200UL, 0, 16_200UL, 0UL)]
    [InlineData(16_200UL, 100, 0UL, 16_200UL)]
    [InlineData(999UL, 33, 670UL, 329UL)]
    public void Burn_is_floor_of_the_percentage(ulong fees, byte percent, ulong deposit, ulong burn)
    {
        Assert.Equal(new FeeSplit(deposit, burn), FeeDistribution.Burn(fees, percent));
    }

    [Fact]
    public void Without_reward_full_priority_fee_the_whole_total_is_split()
    {
        var collected = new CollectedFees();
        collected.Add(new FeeDetails(5_000, 11_200));
        collected.Add(new FeeDetails(10_000, 0));
        collected.Add(new FeeDetails(5_000, 1));
        Assert.Equal(31_201UL, collected.Total);
        Assert.Equal(new FeeDetails(20_000, 11_201), collected.Details);
        Assert.Equal(new FeeSplit(15_601, 15_600), FeeDistribution.Split(collected, 50, rewardFullPriorityFee: false));
    }

    [Fact]
    public void With_reward_full_priority_fee_only_the_transaction_fee_is_split()
    {
        var collected = new CollectedFees();
        collected.Add(new FeeDetails(5_000, 11_200));
        collected.Add(new FeeDetails(10_001, 0));
        Assert.Equal(new FeeSplit(7_501 + 11_200, 7_500), FeeDistribution.Split(collected, 50, rewardFullPriorityFee: true));

        var priorityOnly = new CollectedFees();
        priorityOnly.Add(new FeeDetails(0, 300));
        Assert.Equal(new FeeSplit(300, 0), FeeDistribution.Split(priorityOnly, 50, rewardFullPriorityFee: true));
        Assert.Equal(new FeeSplit(150, 150), FeeDistribution.Split(priorityOnly, 50, rewardFullPriorityFee: false));
        Assert.Equal(default, FeeDistribution.Split(new CollectedFees(), 50, rewardFullPriorityFee: true));
        Assert.Equal(default, FeeDistribution.Split(new CollectedFees(), 50, rewardFullPriorityFee: false));
    }

    [Fact]
    public void Totals_wrap_and_buckets_saturate_as_in_agave()
    {
        var collected = new CollectedFees();
        collected.Add(new FeeDetails(ulong.MaxValue, 0));
        collected.Add(new FeeDetails(2, 0));
        Assert.Equal(1UL, collected.Total);
        Assert.Equal(new FeeDetails(ulong.MaxValue, 0), collected.Details);
        // burn_percent × fees wraps in the release build before dividing.
        var wrapped = FeeDistribution.Burn(ulong.MaxValue, 50);
        Assert.Equal(unchecked(ulong.MaxValue * 50) / 100, wrapped.Burn);
        Assert.Equal(ulong.MaxValue, wrapped.Burn + wrapped.Deposit);
    }
}
