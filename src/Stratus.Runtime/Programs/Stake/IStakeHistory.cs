namespace Stratus.Runtime.Programs.Stake;

/// <summary>Where warmup and cooldown look up the cluster's stake at an epoch (Agave's <c>StakeHistoryGetEntry</c>).</summary>
public interface IStakeHistory
{
    bool TryGetEntry(ulong epoch, out StakeHistoryEntry entry);
}
