using System.CommandLine;
using Stratus.Conformance;

namespace Stratus.Node.Commands;

/// <summary><c>stratus conformance run PATH... [--json FILE] [--verbose]</c>.</summary>
public static class ConformanceCommand
{
    /// <summary>Failed cases listed in full before the output points to --json.</summary>
    private const int MaxFailuresListed = 50;

    public static Command Create()
    {
        var command = new Command("conformance", "Run conformance cases (Firedancer/solfuzz fixtures, interpreter vectors).");
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Command CreateRun()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Fixture files or directories (searched recursively). The kind of each case is read from its content.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<FileInfo?>("--json")
        {
            Description = "Also write every case result (kind, id, outcome, message, field diffs) to this JSON file.",
            HelpName = "FILE",
        };
        var knownFailures = new Option<FileInfo?>("--known-failures")
        {
            Description = "A list of cases expected to fail (one id or id suffix per line, '#' starts a reason). " +
                          "They are reported as skipped with the reason; one that passes is a failure until it is removed from the list.",
            HelpName = "FILE",
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "List skipped cases with their reasons, not only failures.",
        };

        var run = new Command("run", "Run every case found under the given paths and print a summary per kind.\n" +
                                     "Exit code: 0 when nothing failed, 1 when any case failed, 2 for usage errors.")
        {
            paths, json, knownFailures, verbose,
        };
        run.SetAction(parse => Execute(
            parse.GetValue(paths) ?? [],
            parse.GetValue(json),
            parse.GetValue(verbose),
            parse.GetValue(knownFailures),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return run;
    }

    public static int Execute(string[] paths, FileInfo? json, bool verbose, TextWriter output, TextWriter error) =>
        Execute(paths, json, verbose, null, output, error);

    public static int Execute(string[] paths, FileInfo? json, bool verbose, FileInfo? knownFailuresFile, TextWriter output, TextWriter error)
    {
        KnownFailures? known = null;
        if (knownFailuresFile != null)
        {
            if (!knownFailuresFile.Exists)
            {
                error.WriteLine($"error: known-failures file not found: {knownFailuresFile.FullName}");
                return ExitCodes.Usage;
            }
            known = KnownFailures.Load(knownFailuresFile.FullName);
        }
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            foreach (var m in missing) error.WriteLine($"error: path not found: {m}");
            return ExitCodes.Usage;
        }
        if (json?.Directory is { Exists: false } dir)
        {
            error.WriteLine($"error: directory for --json does not exist: {dir.FullName}");
            return ExitCodes.Usage;
        }

        var suite = ConformanceSuite.CreateDefault();
        int failuresListed = 0;
        var run = suite.Run(paths, onResult: null);
        if (known != null) run = known.Apply(run);
        foreach (var r in run.Results)
        {
            if (r.Outcome == CaseOutcome.Failed)
            {
                if (failuresListed++ < MaxFailuresListed) PrintCase(output, "FAIL", r);
            }
            else if (verbose && r.Outcome == CaseOutcome.Skipped)
            {
                PrintCase(output, "SKIP", r);
            }
        }

        if (failuresListed > MaxFailuresListed)
            output.WriteLine($"... {failuresListed - MaxFailuresListed} more failures not listed{(json == null ? " (use --json FILE for all)" : "")}");
        if (failuresListed > 0 || verbose) output.WriteLine();

        var kinds = run.ByKind();
        var width = kinds.Count == 0 ? 0 : kinds.Max(k => k.Kind.Length);
        foreach (var k in kinds)
            output.WriteLine($"{k.Kind.PadRight(width)}  {SuiteRun.FormatTotals(k.Passed, k.Failed, k.Skipped)}");
        if (run.IgnoredFiles > 0)
            output.WriteLine($"({run.IgnoredFiles} file{(run.IgnoredFiles == 1 ? "" : "s")} under the given directories not recognised as cases)");

        if (json != null)
        {
            try
            {
                ResultJson.WriteFile(json.FullName, run);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot write {json.FullName}: {e.Message}");
                output.WriteLine(run.TotalsLine());
                return ExitCodes.Usage;
            }
        }

        output.WriteLine(run.TotalsLine());
        return run.Failed > 0 ? ExitCodes.Failures : ExitCodes.Success;
    }

    private static void PrintCase(TextWriter output, string label, CaseResult r)
    {
        output.WriteLine($"{label} [{r.Kind}] {r.Id}{(r.Message == null ? "" : ": " + r.Message)}");
        foreach (var d in r.Diffs ?? [])
            output.WriteLine($"    {d.Field}: expected {d.Expected}, actual {d.Actual}");
    }
}
