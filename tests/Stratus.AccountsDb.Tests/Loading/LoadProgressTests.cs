using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Tests.Snapshots;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Loading;

public class LoadProgressTests
{
    [Fact]
    public void Staging_eta_comes_from_archive_bytes_and_the_phase_clock()
    {
        var p = new LoadProgress(LoadPhase.Staging, 1_000, 250, 1_000, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(15), p.Eta);
        Assert.Equal(200, p.AccountsPerSecond);
    }

    [Fact]
    public void Merging_eta_comes_from_records_merged_of_all_staged()
    {
        var p = new LoadProgress(LoadPhase.Merging, 400, 1_000, 1_000, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4), PhaseTotal: 1_000);
        Assert.Equal(TimeSpan.FromSeconds(6), p.Eta);
        Assert.Equal(100, p.AccountsPerSecond);
        Assert.Null((p with { PhaseTotal = null }).Eta);
        Assert.Null((p with { Phase = LoadPhase.Verifying }).Eta);
    }

    [SharedFact(SnapshotFiles.Sig2024Full)]
    public void A_load_reports_its_phases_in_order()
    {
        var reports = new List<LoadProgress>();
        using var dir = new TempDirectory();
        var archive = SharedData.DataPath(SnapshotFiles.Sig2024Full);
        SnapshotLoader.Load(dir.Sub("db"), archive, null, new SnapshotLoaderOptions { Progress = reports.Add, ProgressInterval = TimeSpan.Zero });
        Assert.Equal(LoadPhase.Staging, reports[0].Phase);
        Assert.Equal(LoadPhase.Verifying, reports[^1].Phase);
        Assert.Equal(reports.Select(r => r.Phase).Order(), reports.Select(r => r.Phase));
    }
}
