namespace Stratus.Conformance;

/// <summary>
/// Cases the project knows it fails, each with the reason, kept in a file beside the vectors so the gap stays
/// visible and reviewed. A listed case that fails is reported as skipped with its reason; a listed case that
/// passes becomes a failure so the list shrinks as the runtime catches up.
/// </summary>
public sealed class KnownFailures
{
    private readonly List<(string Suffix, string Reason)> _entries;

    private KnownFailures(List<(string Suffix, string Reason)> entries) => _entries = entries;

    public int Count => _entries.Count;

    /// <summary>Reads lines of the form <c>id-or-suffix  # reason</c>; blank lines and lines starting with '#' are ignored.</summary>
    public static KnownFailures Load(string path) => Parse(File.ReadAllLines(path));

    public static KnownFailures Parse(IEnumerable<string> lines)
    {
        var entries = new List<(string, string)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var hash = line.IndexOf('#');
            var id = (hash < 0 ? line : line[..hash]).Trim().Replace('\\', '/');
            var reason = hash < 0 ? "listed as a known failure" : line[(hash + 1)..].Trim();
            if (id.Length > 0) entries.Add((id, reason));
        }
        return new KnownFailures(entries);
    }

    public bool TryMatch(string caseId, out string reason)
    {
        var id = caseId.Replace('\\', '/');
        foreach (var (suffix, why) in _entries)
        {
            if (id.EndsWith(suffix, StringComparison.Ordinal) && (id.Length == suffix.Length || id[id.Length - suffix.Length - 1] == '/'))
            {
                reason = why;
                return true;
            }
        }
        reason = string.Empty;
        return false;
    }

    public SuiteRun Apply(SuiteRun run)
    {
        var results = new List<CaseResult>(run.Results.Count);
        foreach (var r in run.Results)
        {
            if (!TryMatch(r.Id, out var reason)) { results.Add(r); continue; }
            results.Add(r.Outcome switch
            {
                CaseOutcome.Failed => r with { Outcome = CaseOutcome.Skipped, Message = $"known failure ({reason}); this run: {r.Message}" },
                CaseOutcome.Passed => r with { Outcome = CaseOutcome.Failed, Message = $"listed as a known failure ({reason}) but passed: remove it from the known-failures list" },
                _ => r,
            });
        }
        return run with { Results = results };
    }
}
