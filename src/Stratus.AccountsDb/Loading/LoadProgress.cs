namespace Stratus.AccountsDb.Loading;

public enum LoadPhase
{
    Staging,
    Merging,
    Verifying,
}

/// <summary>
/// A progress report: records (staging, merging) or accounts (verifying) processed in the phase, compressed archive
/// bytes consumed of the total, the time since the load began and since the phase began, and, when the phase knows
/// it, how many records it will process in all (merging: every staged record).
/// </summary>
public readonly record struct LoadProgress(LoadPhase Phase, long Accounts, long ArchiveBytesRead, long ArchiveBytesTotal, TimeSpan Elapsed,
    TimeSpan PhaseElapsed = default, long? PhaseTotal = null)
{
    /// <summary>Rate within the current phase.</summary>
    public double AccountsPerSecond
    {
        get
        {
            var seconds = (PhaseElapsed > TimeSpan.Zero ? PhaseElapsed : Elapsed).TotalSeconds;
            return seconds > 0 ? Accounts / seconds : 0;
        }
    }

    /// <summary>
    /// Estimated time left of the current phase: staging from the archive bytes consumed, merging from the records
    /// merged of all staged.
    /// </summary>
    public TimeSpan? Eta
    {
        get
        {
            var seconds = (PhaseElapsed > TimeSpan.Zero ? PhaseElapsed : Elapsed).TotalSeconds;
            return Phase switch
            {
                LoadPhase.Staging when ArchiveBytesRead > 0 && ArchiveBytesTotal > 0 =>
                    TimeSpan.FromSeconds(seconds * Math.Max(0, ArchiveBytesTotal - ArchiveBytesRead) / ArchiveBytesRead),
                LoadPhase.Merging when Accounts > 0 && PhaseTotal is { } total =>
                    TimeSpan.FromSeconds(seconds * Math.Max(0, total - Accounts) / Accounts),
                _ => null,
            };
        }
    }
}
