namespace Stratus.AccountsDb.Loading;

public enum LoadPhase
{
    Staging,
    Merging,
    Verifying,
}

/// <summary>A progress report: accounts processed in the phase, compressed archive bytes consumed of the total.</summary>
public readonly record struct LoadProgress(LoadPhase Phase, long Accounts, long ArchiveBytesRead, long ArchiveBytesTotal, TimeSpan Elapsed)
{
    public double AccountsPerSecond => Elapsed.TotalSeconds > 0 ? Accounts / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left of the staging phase, from the archive bytes consumed so far.</summary>
    public TimeSpan? Eta => Phase == LoadPhase.Staging && ArchiveBytesRead > 0 && ArchiveBytesTotal > 0
        ? TimeSpan.FromSeconds(Elapsed.TotalSeconds * (ArchiveBytesTotal - ArchiveBytesRead) / ArchiveBytesRead)
        : null;
}
