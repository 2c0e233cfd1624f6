using Stratus.AccountsDb.Snapshots;
using Stratus.Core;

namespace Stratus.AccountsDb.Loading;

/// <summary>What a verified load produced and what it was checked against.</summary>
public sealed record SnapshotLoadResult
{
    public required ulong Slot { get; init; }
    public required Hash BankHash { get; init; }
    public required long AccountCount { get; init; }
    public required ulong Capitalization { get; init; }
    public required AccountsLtHash ComputedLtHash { get; init; }
    public AccountsLtHash? StoredLtHash { get; init; }
    /// <summary>How the final state was verified: "lattice hash" or "accounts hash" (merkle).</summary>
    public required string VerifiedBy { get; init; }
    /// <summary>The merkle accounts hash computed for the full snapshot's state (when it was needed).</summary>
    public Hash? ComputedAccountsHash { get; init; }
    public Hash? StoredAccountsHash { get; init; }
    public Hash? ComputedIncrementalAccountsHash { get; init; }
    public Hash? StoredIncrementalAccountsHash { get; init; }
    public required long RecordsRead { get; init; }
    public required long ArchiveBytes { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    public StagingSummary Staging { get; init; }
    /// <summary>Wall and CPU time of each stage of the load, in order.</summary>
    public IReadOnlyList<LoadStage> Stages { get; init; } = [];
    /// <summary>How long each pipeline's producer waited for its background consumer (which side was the bottleneck).</summary>
    public IReadOnlyList<string> PipelineNotes { get; init; } = [];
}

/// <summary>
/// How a load staged its records (see <see cref="SnapshotLoaderOptions"/>): buckets, how many spilled to disk and were
/// too large to sort in memory, staged bytes, and how many accounts had their data written to blob files.
/// </summary>
public readonly record struct StagingSummary(int Buckets, int SpilledBuckets, int ExternallySortedBuckets, long StagedBytes, long BlobAccounts);
