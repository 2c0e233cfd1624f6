using System.Diagnostics;
using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Store;
using Stratus.AccountsDb.Tests.Snapshots;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Loading;

public class KillDuringLoadTests
{
    public const string StagedLine = "staged-one-file";

    /// <summary>Child side: stage one accounts file, announce it, then wait to be killed.</summary>
    internal static int ChildLoad(string db, string archive, int blobThreshold)
    {
        SnapshotLoader.Load(db, archive, null, new SnapshotLoaderOptions
        {
            StagingMemoryBytes = 4096,
            BucketBytes = 4096,
            BlobThresholdBytes = blobThreshold,
            BlobWriteBufferBytes = 4096,
            AfterAccountsFile = _ =>
            {
                Console.Out.WriteLine(StagedLine);
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
            },
        });
        return 3; // never reached while the parent is alive
    }

    /// <summary>sig-2024 verifies by merkle leaves (everything inline); sig-2025 by lattice hash, with blob files being written when killed.</summary>
    [SharedTheory(SnapshotFiles.Sig2024Full, SnapshotFiles.Sig2025Full)]
    [InlineData(SnapshotFiles.Sig2024Full, "accounts hash")]
    [InlineData(SnapshotFiles.Sig2025Full, "lattice hash")]
    public void Load_killed_with_sigkill_is_detected_and_redone(string snapshot, string verifiedBy)
    {
        using var dir = new TempDirectory();
        var db = dir.Sub("db");
        var archive = SharedData.DataPath(snapshot);
        var assembly = typeof(KillDuringLoadTests).Assembly.Location;
        var baseName = Path.ChangeExtension(assembly, null);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", "--runtimeconfig", baseName + ".runtimeconfig.json", "--depsfile", baseName + ".deps.json", assembly, "load-child", db, archive, "100" })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        var readLine = child.StandardOutput.ReadLineAsync();
        Assert.True(readLine.Wait(TimeSpan.FromSeconds(60)), "child did not start loading: " + (child.HasExited ? child.StandardError.ReadToEnd() : "still running"));
        Assert.Equal(StagedLine, readLine.Result);
        child.Kill();
        Assert.True(child.WaitForExit(30_000));

        Assert.True(File.Exists(Path.Combine(db, "CURRENT")), "the child had created the database");
        SnapshotLoaderTests.AssertUntrusted(db);

        var result = SnapshotLoader.Load(db, archive, null, new SnapshotLoaderOptions { BlobThresholdBytes = 100 });
        Assert.Equal(verifiedBy, result.VerifiedBy);
        using var store = AccountStore.Open(db);
        Assert.Equal(LoadState.Complete, store.LoadState);
        Assert.Equal(result.AccountCount, store.RootAccountCount);
        Assert.Equal(result.Staging.BlobAccounts > 0, store.BlobFiles.Count > 0);
        // The redone load's blob files are exactly the listed ones (the killed load's were wiped with it).
        var onDisk = Directory.Exists(Path.Combine(db, AccountStore.BlobDirectory)) ? Directory.GetFiles(Path.Combine(db, AccountStore.BlobDirectory)).Length : 0;
        Assert.Equal(store.BlobFiles.Count, onDisk);
    }
}
