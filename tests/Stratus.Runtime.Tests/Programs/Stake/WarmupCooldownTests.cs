using Stratus.Core;
using Stratus.Runtime.Programs.Stake;

namespace Stratus.Runtime.Tests.Stake;

/// <summary>
/// Warmup and cooldown arithmetic against the worked values of Agave 2.2's own tests
/// (programs/stake/src/stake_state.rs, module tests).
/// </summary>
public class WarmupCooldownTests
{
    /// <summary>A stake history built epoch by epoch, as the tests' <c>StakeHistory::add</c>.</summary>
    private sealed class History : IStakeHistory
    {
        private readonly Dictionary<ulong, StakeHistoryEntry> _entries = new();

        public void Add(ulong epoch, StakeHistoryEntry entry) => _entries[epoch] = entry;

        public bool TryGetEntry(ulong epoch, out StakeHistoryEntry entry) => _entries.TryGetValue(epoch, out entry);

        /// <summary><c>create_stake_history_from_delegations</c>: each epoch's entry sums every delegation's status.</summary>
        public static History FromDelegations(ulong? bootstrap, ulong epochs, Delegation[] delegations, ulong? newRateEpoch)
        {
            var history = new History();
            var all = bootstrap is { } b
                ? delegations.Append(Delegation.Create(default, b, ulong.MaxValue)).ToArray()
                : delegations;
            for (ulong epoch = 0; epoch < epochs; epoch++)
            {
                var sum = default(StakeHistoryEntry);
                foreach (var d in all) sum += d.StakeActivatingAndDeactivating(epoch, history, newRateEpoch);
                history.Add(epoch, sum);
            }
            return history;
        }
    }

    private static Delegation D(ulong stake, ulong activation, ulong deactivation = ulong.MaxValue) =>
        Delegation.Create(default, stake, activation) with { DeactivationEpoch = deactivation };

    private static StakeHistoryEntry Effective(ulong e) => new(e, 0, 0);
    private static StakeHistoryEntry Activating(ulong e, ulong a) => new(e, a, 0);
    private static StakeHistoryEntry Deactivating(ulong d) => StakeHistoryEntry.WithDeactivating(d);

    [Fact]
    public void RateSwitchesAtTheNewRateEpoch()
    {
        Assert.Equal(0.25, Delegation.WarmupCooldownRate(100, null));
        Assert.Equal(0.25, Delegation.WarmupCooldownRate(9, 10));
        Assert.Equal(0.09, Delegation.WarmupCooldownRate(10, 10));
        Assert.Equal(0.09, Delegation.WarmupCooldownRate(0, 0));
    }

    // test_stake_activating_and_deactivating
    [Fact]
    public void StepFunctionWithoutHistoryAndShortedWithBrokenHistory()
    {
        var stake = D(1_000, 0, 5);
        const ulong increment = 250; // (1_000 as f64 * 0.25) as u64
        var history = new History();
        Assert.Equal(Activating(0, 1_000), stake.StakeActivatingAndDeactivating(0, history, null));
        for (ulong epoch = 1; epoch < 5; epoch++)
            Assert.Equal(Effective(1_000), stake.StakeActivatingAndDeactivating(epoch, history, null));
        Assert.Equal(Deactivating(1_000), stake.StakeActivatingAndDeactivating(5, history, null));
        Assert.Equal(default, stake.StakeActivatingAndDeactivating(6, history, null));

        // The epoch-0 entry lacks this stake's activating amount: activation stalls.
        history.Add(0, Effective(1_000));
        Assert.Equal(Activating(0, 1_000), stake.StakeActivatingAndDeactivating(1, history, null));
        // With it but no entry for epoch 1, the stake gets one increment only.
        history.Add(0, Activating(1_000, 1_000));
        Assert.Equal(Activating(increment, 1_000 - increment), stake.StakeActivatingAndDeactivating(2, history, null));

        history = new History();
        history.Add(5, Effective(1_000));
        Assert.Equal(Deactivating(1_000), stake.StakeActivatingAndDeactivating(6, history, null));
        history.Add(5, new StakeHistoryEntry(1_000, 0, 1_000));
        Assert.Equal(Deactivating(1_000 - increment), stake.StakeActivatingAndDeactivating(7, history, null));
    }

    // same_epoch_activation_then_deactivation::{test_new_behavior_previously_slow, test_new_behavior_previously_stuck}
    [Theory]
    [InlineData(0UL)]
    [InlineData(1_000UL)]
    public void ActivatedAndDeactivatedInTheSameEpochNeverHasStake(ulong clusterDeactivationAtEpoch0)
    {
        var stake = D(700, 0, 0);
        var history = new History();
        ulong[] deactivating = [clusterDeactivationAtEpoch0, 1000, 1000, 100, 100, 100, 100];
        for (var epoch = 0; epoch < deactivating.Length; epoch++)
            history.Add((ulong)epoch, new StakeHistoryEntry(1_000, 10_000, deactivating[epoch]));
        for (ulong epoch = 0; epoch < 7; epoch++)
            Assert.Equal(default, stake.StakeActivatingAndDeactivating(epoch, history, null));
    }

    // test_inflation_and_slashing_with_activating_and_deactivating_stake
    [Fact]
    public void InflationAndSlashingScaleTheTransition()
    {
        var history = new History();
        history.Add(0, Activating(1_000, 700));
        history.Add(1, Activating(1_250, 450));
        history.Add(2, Activating(1_562, 138));
        history.Add(3, Effective(1_700));
        history.Add(4, new StakeHistoryEntry(1_700, 0, 700));
        history.Add(5, new StakeHistoryEntry(1_275, 0, 275));

        StakeHistoryEntry[] expected =
        [
            Activating(0, 700), Activating(250, 450), Activating(562, 138), Effective(700),
            Deactivating(700), Deactivating(275), default,
        ];
        Assert.Equal(expected, Statuses(D(700, 0, 4), history, 7));

        // The base transition with Agave's rounding adjustments, scaled by 1.10 (inflation) and 0.5 (slashing).
        StakeHistoryEntry[] @base =
        [
            Activating(0, 700), Activating(250, 450), Activating(562, 139), Effective(700),
            Deactivating(700), Deactivating(276), default,
        ];
        foreach (var rate in new[] { 1.10, 0.5 })
        {
            var scaled = @base.Select(e => new StakeHistoryEntry(
                (ulong)(e.Effective * rate), (ulong)(e.Activating * rate), (ulong)(e.Deactivating * rate))).ToArray();
            Assert.Equal(scaled, Statuses(D((ulong)(700 * rate), 0, 4), history, 7));
        }
    }

    // test_stop_activating_after_deactivation
    [Fact]
    public void ActivationStopsAtTheDeactivationEpoch()
    {
        var stake = D(1_000, 0, 3);
        const ulong baseStake = 1_000, otherActivation = 100;
        var history = new History();
        ulong effective = baseStake;
        var otherActivations = new List<ulong> { 0 };
        for (ulong epoch = 0; epoch <= 4; epoch++)
        {
            ulong activating, deactivating;
            if (epoch < 3) (activating, deactivating) = (stake.Stake + baseStake - effective, 0);
            else (activating, deactivating) = (otherActivation, effective - baseStake - (ulong)otherActivations.Sum(x => (long)x));
            history.Add(epoch, new StakeHistoryEntry(effective, activating, deactivating));
            var limited = (ulong)(effective * 0.25);
            if (epoch < 3)
            {
                effective += Math.Min(limited, activating);
                otherActivations.Add(0);
            }
            else
            {
                effective -= Math.Min(limited, deactivating);
                effective += otherActivation;
                otherActivations.Add(otherActivation);
            }
        }
        for (ulong epoch = 0; epoch <= 4; epoch++)
        {
            Assert.True(history.TryGetEntry(epoch, out var h));
            var others = (ulong)otherActivations.Take((int)epoch + 1).Sum(x => (long)x);
            var expected = epoch < 3
                ? new StakeHistoryEntry(h.Effective - baseStake - others, h.Activating, 0)
                : new StakeHistoryEntry(h.Effective - baseStake - others, 0, h.Deactivating);
            Assert.Equal(expected, stake.StakeActivatingAndDeactivating(epoch, history, null));
        }
    }

    // test_stake_warmup_cooldown_sub_integer_moves: increments below one lamport still move one.
    [Fact]
    public void SubIntegerMovesStillProgress()
    {
        var delegations = new[] { D(2, 0, 5) };
        var bootstrap = (ulong)(0.25 * 100.0 / 2.0);
        var history = History.FromDelegations(bootstrap, 7, delegations, null);
        var stakes = Enumerable.Range(0, 7).Select(e => delegations[0].EffectiveStake((ulong)e, history, null)).ToArray();
        Assert.Equal(2UL, stakes.Max());
        Assert.Equal(0UL, stakes.Min());
    }

    // test_stake_warmup_cooldown: total effective stake never moves more than the epoch's rate allows.
    [Theory]
    [InlineData(null)]
    [InlineData(1UL)]
    [InlineData(10UL)]
    [InlineData(30UL)]
    [InlineData(50UL)]
    [InlineData(60UL)]
    public void TotalChangePerEpochIsRateLimited(ulong? newRateEpoch)
    {
        Delegation[] delegations =
        [
            D(1_000, ulong.MaxValue), D(1_000, 0, 9), D(1_000, 1, 6), D(1_000, 2, 5), D(1_000, 2, 4), D(1_000, 4, 4),
        ];
        const ulong epochs = 60;
        var history = History.FromDelegations(null, epochs, delegations, newRateEpoch);
        ulong Total(ulong epoch) => delegations.Aggregate(0UL, (sum, d) => sum + d.EffectiveStake(epoch, history, newRateEpoch));
        var previous = Total(0);
        for (ulong epoch = 1; epoch < epochs; epoch++)
        {
            var total = Total(epoch);
            var delta = total > previous ? total - previous : previous - total;
            var allowed = Math.Max((ulong)(previous * Delegation.WarmupCooldownRate(epoch, newRateEpoch)), 1UL);
            Assert.True(delta <= allowed, $"epoch {epoch}: moved {delta}, allowed {allowed}");
            previous = total;
        }
    }

    [Fact]
    public void BootstrapStakeIsEffectiveImmediately()
    {
        var stake = D(1_000, ulong.MaxValue);
        Assert.True(stake.IsBootstrap);
        Assert.Equal(Effective(1_000), stake.StakeActivatingAndDeactivating(0, new History(), null));
    }

    [Fact]
    public void FloatToIntegerCastsSaturateAsRust()
    {
        // Cluster effective stake near u64::MAX with a tiny activating total makes the product overflow u64.
        var history = new History();
        history.Add(0, Activating(ulong.MaxValue, 1));
        var stake = D(ulong.MaxValue, 0);
        Assert.Equal(Effective(ulong.MaxValue), stake.StakeActivatingAndDeactivating(1, history, null));
    }

    private static StakeHistoryEntry[] Statuses(Delegation stake, IStakeHistory history, int epochs) =>
        Enumerable.Range(0, epochs).Select(e => stake.StakeActivatingAndDeactivating((ulong)e, history, null)).ToArray();
}
