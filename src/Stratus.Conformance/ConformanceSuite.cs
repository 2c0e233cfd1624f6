using Stratus.Conformance.Runners;

namespace Stratus.Conformance;

/// <summary>
/// Finds conformance cases under files and directories (recursively), hands each file to the first runner that
/// accepts it, and collects one <see cref="CaseResult"/> per case. A file that cannot be read or decoded becomes a
/// failed case; nothing a file contains can stop the run.
/// </summary>
public sealed class ConformanceSuite
{
    /// <summary>How many leading bytes runners see when deciding whether a file is theirs.</summary>
    public const int HeaderLength = 512;

    private readonly IReadOnlyList<ICaseRunner> _runners;

    public ConformanceSuite(IEnumerable<ICaseRunner> runners) => _runners = runners.ToArray();

    public IReadOnlyList<ICaseRunner> Runners => _runners;

    /// <summary>The suite with every runner Stratus has.</summary>
    public static ConformanceSuite CreateDefault() => new(DefaultRunners.Create());

    /// <summary>Runs every case under <paramref name="paths"/>; <paramref name="onResult"/> sees each result as it is produced.</summary>
    public SuiteRun Run(IEnumerable<string> paths, Action<CaseResult>? onResult = null, CancellationToken cancel = default)
    {
        var results = new List<CaseResult>();
        var missing = new List<string>();
        int ignored = 0;

        void Emit(CaseResult r)
        {
            results.Add(r);
            onResult?.Invoke(r);
        }

        foreach (var root in paths)
        {
            if (Directory.Exists(root))
            {
                foreach (var file in EnumerateFiles(root))
                {
                    cancel.ThrowIfCancellationRequested();
                    if (!RunFile(file, explicitlyNamed: false, Emit)) ignored++;
                }
            }
            else if (File.Exists(root))
            {
                cancel.ThrowIfCancellationRequested();
                RunFile(root, explicitlyNamed: true, Emit);
            }
            else
            {
                missing.Add(root);
            }
        }
        return new SuiteRun(results, ignored, missing);
    }

    private static IEnumerable<string> EnumerateFiles(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None };
        // Ordinal order keeps runs (and their JSON) reproducible across file systems.
        return Directory.EnumerateFiles(root, "*", options).Order(StringComparer.Ordinal);
    }

    /// <returns>False when no runner claimed a file found by walking a directory.</returns>
    private bool RunFile(string path, bool explicitlyNamed, Action<CaseResult> emit)
    {
        byte[] header;
        try
        {
            header = ReadHeader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            emit(CaseResult.Fail(CaseKinds.Unknown, path, "unreadable: " + e.Message));
            return true;
        }

        var runner = _runners.FirstOrDefault(r => SafeCanRun(r, path, header));
        if (runner == null)
        {
            if (explicitlyNamed)
                emit(CaseResult.Skip(CaseKinds.Unknown, path, "not a recognised conformance case format"));
            return explicitlyNamed;
        }

        // Pull results one by one so an exception part-way through a multi-case file keeps the cases before it.
        using var cases = SafeEnumerate(runner, path, emit);
        while (true)
        {
            CaseResult next;
            try
            {
                if (!cases.MoveNext()) break;
                next = cases.Current;
            }
            catch (Exception e)
            {
                emit(CaseResult.Fail(CaseKinds.Unknown, path, $"{runner.Kind} runner error: {e.GetType().Name}: {e.Message}"));
                break;
            }
            emit(next);
        }
        return true;
    }

    private static IEnumerator<CaseResult> SafeEnumerate(ICaseRunner runner, string path, Action<CaseResult> emit)
    {
        try
        {
            return runner.Run(path).GetEnumerator();
        }
        catch (Exception e)
        {
            emit(CaseResult.Fail(CaseKinds.Unknown, path, $"{runner.Kind} runner error: {e.GetType().Name}: {e.Message}"));
            return Enumerable.Empty<CaseResult>().GetEnumerator();
        }
    }

    private static bool SafeCanRun(ICaseRunner runner, string path, byte[] header)
    {
        try { return runner.CanRun(path, header); }
        catch (Exception) { return false; }
    }

    private static byte[] ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        var buffer = new byte[HeaderLength];
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        return total == buffer.Length ? buffer : buffer.AsSpan(0, total).ToArray();
    }
}

/// <summary>The outcome of a suite run.</summary>
/// <param name="IgnoredFiles">Files found under directories that no runner recognised (READMEs, ELFs, ...).</param>
/// <param name="MissingPaths">Paths given that do not exist.</param>
public sealed record SuiteRun(IReadOnlyList<CaseResult> Results, int IgnoredFiles, IReadOnlyList<string> MissingPaths)
{
    public int Passed => Results.Count(r => r.Outcome == CaseOutcome.Passed);
    public int Failed => Results.Count(r => r.Outcome == CaseOutcome.Failed);
    public int Skipped => Results.Count(r => r.Outcome == CaseOutcome.Skipped);

    /// <summary>Per kind: passed, failed, skipped (kinds in ordinal order).</summary>
    public IReadOnlyList<KindSummary> ByKind() => Results
        .GroupBy(r => r.Kind, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new KindSummary(g.Key,
            g.Count(r => r.Outcome == CaseOutcome.Passed),
            g.Count(r => r.Outcome == CaseOutcome.Failed),
            g.Count(r => r.Outcome == CaseOutcome.Skipped)))
        .ToArray();

    /// <summary><c>N passed, M failed</c>, then <c>, K skipped</c> when any were skipped.</summary>
    public string TotalsLine() => FormatTotals(Passed, Failed, Skipped);

    public static string FormatTotals(int passed, int failed, int skipped) =>
        skipped > 0 ? $"{passed} passed, {failed} failed, {skipped} skipped" : $"{passed} passed, {failed} failed";
}

public sealed record KindSummary(string Kind, int Passed, int Failed, int Skipped);
