using System.CommandLine;
using Stratus.AccountsDb.Loading;
using Stratus.AccountsDb.Store;
using Stratus.AccountsDb.RocksDb;

namespace Stratus.Node.Commands;

/// <summary><c>stratus snapshot verify ARCHIVE [--incremental ARCHIVE] [--db DIR]</c>.</summary>
public static class SnapshotCommand
{
    public static Command Create()
    {
        var command = new Command("snapshot", "Load and verify snapshot archives.");
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    private static Command CreateVerify()
    {
        var archive = new Argument<string>("ARCHIVE") { Description = "A full snapshot archive (snapshot-SLOT-HASH.tar.zst)." };
        var incremental = new Option<string?>("--incremental") { Description = "An incremental snapshot archive on top of ARCHIVE." };
        var db = new Option<string?>("--db") { Description = "Account store directory to load into (wiped first if it holds one); a temporary directory, deleted afterwards, if omitted." };
        var verify = new Command("verify", "Load the snapshot(s) into an account store, recompute the accounts lattice hash (or the merkle accounts hash of " +
                                           "older snapshots) and the capitalization, and compare them with the manifest.\n" +
                                           "Exit code: 0 verified, 1 the archive is corrupt or does not verify, 2 for usage errors.")
        {
            archive,
            incremental,
            db,
        };
        verify.SetAction(parse => ExecuteVerify(
            parse.GetValue(archive)!,
            parse.GetValue(incremental),
            parse.GetValue(db),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return verify;
    }

    public static int ExecuteVerify(string archive, string? incremental, string? dbPath, TextWriter output, TextWriter error)
    {
        foreach (var path in incremental == null ? [archive] : new[] { archive, incremental })
        {
            if (!File.Exists(path))
            {
                error.WriteLine($"error: file not found: {path}");
                return ExitCodes.Usage;
            }
        }
        var temporary = dbPath == null;
        dbPath ??= Path.Combine(Path.GetTempPath(), "stratus-snapshot-verify-" + Guid.NewGuid().ToString("N"));
        var interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        var options = new SnapshotLoaderOptions
        {
            Progress = p => ReportProgress(p, interactive, error),
            ProgressInterval = interactive ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(10),
        };
        try
        {
            var result = SnapshotLoader.Load(dbPath, archive, incremental, options);
            if (interactive) error.WriteLine();
            output.WriteLine($"slot:                     {result.Slot}");
            output.WriteLine($"bank hash:                {result.BankHash}");
            output.WriteLine($"accounts:                 {result.AccountCount} ({result.RecordsRead} records read)");
            output.WriteLine($"capitalization:           {result.Capitalization}");
            if (result.Staging.BlobAccounts > 0)
                output.WriteLine($"blob files:               data of {result.Staging.BlobAccounts} account records over {options.BlobThresholdBytes} bytes");
            output.WriteLine($"lattice hash (computed):  {result.ComputedLtHash}");
            output.WriteLine($"lattice hash (manifest):  {result.StoredLtHash?.ToString() ?? "(none)"}");
            if (result.ComputedAccountsHash is { } ah)
            {
                output.WriteLine($"accounts hash (computed): {ah}");
                output.WriteLine($"accounts hash (manifest): {result.StoredAccountsHash}");
            }
            if (result.ComputedIncrementalAccountsHash is { } ih)
            {
                output.WriteLine($"incremental accounts hash (computed): {ih}");
                output.WriteLine($"incremental accounts hash (manifest): {result.StoredIncrementalAccountsHash}");
            }
            foreach (var note in result.Notes) output.WriteLine($"note: {note}");
            var seconds = result.Elapsed.TotalSeconds;
            output.WriteLine($"load time:                {seconds:F1} s ({(seconds > 0 ? result.RecordsRead / seconds : 0):F0} records/s, {(seconds > 0 ? result.AccountCount / seconds : 0):F0} accounts/s)");
            output.WriteLine($"verified by {result.VerifiedBy}: slot {result.Slot}, bank hash {result.BankHash}");
            return ExitCodes.Success;
        }
        catch (SnapshotLoadException e)
        {
            if (interactive) error.WriteLine();
            error.WriteLine($"error: {e.Error}: {e.Message}");
            if (!temporary) error.WriteLine($"note: {dbPath} is marked incomplete and will not be trusted");
            return e.Error == SnapshotLoadError.NotADatabase ? ExitCodes.Usage : ExitCodes.Failures;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RocksDbException or AccountStoreException)
        {
            if (interactive) error.WriteLine();
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failures;
        }
        finally
        {
            if (temporary) TryDelete(dbPath);
        }
    }

    private static void ReportProgress(LoadProgress p, bool interactive, TextWriter error)
    {
        var mib = p.ArchiveBytesRead / (1024.0 * 1024);
        var total = p.ArchiveBytesTotal / (1024.0 * 1024);
        var eta = p.Eta is { } t ? $", ETA {t:hh\\:mm\\:ss}" : "";
        var line = $"{p.Phase.ToString().ToLowerInvariant()}: {p.Accounts:N0} accounts, {p.AccountsPerSecond:N0}/s, {mib:F1}/{total:F1} MiB archive{eta}, {p.Elapsed:hh\\:mm\\:ss}";
        if (interactive) error.Write("\r" + line.PadRight(100));
        else error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
