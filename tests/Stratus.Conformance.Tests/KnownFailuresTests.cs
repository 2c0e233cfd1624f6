namespace Stratus.Conformance.Tests;

public class KnownFailuresTests
{
    private static SuiteRun Run(params CaseResult[] results) => new(results, 0, []);

    [Fact]
    public void Listed_failure_becomes_skipped_with_its_reason_and_unlisted_failure_stays()
    {
        var known = KnownFailures.Parse(["# comment", "", "nonce/a.json  # nonce value differs"]);
        var run = known.Apply(Run(
            CaseResult.Fail("litesvm-txn", "conformance-vectors/nonce/a.json", "differs in data"),
            CaseResult.Fail("litesvm-txn", "conformance-vectors/nonce/b.json", "differs in data")));
        Assert.Equal(CaseOutcome.Skipped, run.Results[0].Outcome);
        Assert.Contains("nonce value differs", run.Results[0].Message);
        Assert.Equal(CaseOutcome.Failed, run.Results[1].Outcome);
    }

    [Fact]
    public void Listed_case_that_passes_is_a_failure_so_the_list_shrinks()
    {
        var known = KnownFailures.Parse(["system/x.json # old bug"]);
        var run = known.Apply(Run(CaseResult.Pass("litesvm-txn", "conformance-vectors/system/x.json")));
        Assert.Equal(CaseOutcome.Failed, run.Results[0].Outcome);
        Assert.Contains("remove it", run.Results[0].Message);
    }

    [Fact]
    public void Suffix_matches_whole_path_segments_only()
    {
        var known = KnownFailures.Parse(["a.json"]);
        Assert.True(known.TryMatch("dir/a.json", out _));
        Assert.False(known.TryMatch("dir/ba.json", out _));
    }

    [Fact]
    public void Committed_list_parses_and_names_a_reason_for_every_entry()
    {
        var path = Path.Combine(Stratus.TestCommon.SharedData.RepoRoot, "conformance-vectors", "known-failures.txt");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToArray();
        Assert.All(lines, l => Assert.Contains('#', l));
        Assert.Equal(lines.Length, KnownFailures.Load(path).Count);
        Assert.All(lines, l => Assert.True(File.Exists(Path.Combine(Stratus.TestCommon.SharedData.RepoRoot, "conformance-vectors", l.Split('#')[0].Trim()))));
    }
}
