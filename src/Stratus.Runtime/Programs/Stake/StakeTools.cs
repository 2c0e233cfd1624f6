using Stratus.Runtime.Programs.Vote;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>The delinquency rules of DeactivateDelinquent (solana-stake-interface <c>tools</c>).</summary>
public static class StakeTools
{
    /// <summary>A vote account that has not voted in this many epochs may have its stake deactivated by anyone.</summary>
    public const int MinimumDelinquentEpochsForDeactivation = 5;

    /// <summary>The last <see cref="MinimumDelinquentEpochsForDeactivation"/> credit entries are for consecutive epochs ending now.</summary>
    public static bool AcceptableReferenceEpochCredits(IReadOnlyList<EpochCredits> credits, ulong currentEpoch)
    {
        if (credits.Count < MinimumDelinquentEpochsForDeactivation) return false;
        var epoch = currentEpoch;
        for (var i = credits.Count - 1; i >= credits.Count - MinimumDelinquentEpochsForDeactivation; i--)
        {
            if (credits[i].Epoch != epoch) return false;
            epoch = epoch == 0 ? 0 : epoch - 1;
        }
        return true;
    }

    /// <summary>Never voted, or last voted at least <see cref="MinimumDelinquentEpochsForDeactivation"/> epochs ago.</summary>
    public static bool EligibleForDeactivateDelinquent(IReadOnlyList<EpochCredits> credits, ulong currentEpoch)
    {
        if (credits.Count == 0) return true;
        if (currentEpoch < MinimumDelinquentEpochsForDeactivation) return false;
        return credits[^1].Epoch <= currentEpoch - MinimumDelinquentEpochsForDeactivation;
    }
}
