using Stratus.Conformance.Runners;
using Stratus.Conformance.Vectors;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests.Vectors;

/// <summary>
/// Replays groups of the LiteSVM vector set through <see cref="LiteSvmVectorRunner"/>: groups that pass today must
/// keep passing, except the vectors listed as known runtime divergences (each one a runtime bug to fix).
/// </summary>
public class VectorReplayTests
{
    // The project's one list of vectors that fail today, each with its reason (also what CI passes to the CLI).
    private static readonly KnownFailures KnownFailing =
        KnownFailures.Load(Path.Combine(SharedData.RepoRoot, "conformance-vectors", "known-failures.txt"));

    public static TheoryData<string, int> Groups() => new()
    {
        // group, minimum number of vectors that must pass (the rest may only be skipped or known failures)
        { "memo", 23 },
        { "system", 46 },
        { "nonce", 33 },
        { "token", 80 },
        { "token-2022", 129 },
        { "vote", 26 },
        { "stake", 39 },
        { "stake-core-bpf", 39 },
        { "ed25519", 20 },
        { "secp256k1", 20 },
        { "secp256r1", 18 },
        { "compute-budget", 36 },
        { "lookup-table", 33 },
        { "lookup-table-core-bpf", 19 },
        { "config", 14 },
        { "upgradeable-loader", 37 },
        { "examples", 22 },
        { "transaction", 28 },
        { "runtime", 48 },
        { "anchor", 18 },
    };

    [SharedTheory("elfs/litesvm")]
    [MemberData(nameof(Groups))]
    public void Group_replays(string group, int minimumPassed)
    {
        var runner = new LiteSvmVectorRunner(_ => SharedData.DataPath(""), isCi: SharedData.IsCi);
        var failures = new List<string>();
        int passed = 0;
        foreach (var path in Directory.GetFiles(Path.Combine(VectorFiles.Root, group), "*.json").Order(StringComparer.Ordinal))
        {
            var id = group + "/" + Path.GetFileNameWithoutExtension(path);
            foreach (var r in runner.Run(path))
            {
                if (r.Outcome == CaseOutcome.Passed) passed++;
                else if (r.Outcome == CaseOutcome.Failed && !KnownFailing.TryMatch(id + ".json", out _))
                    failures.Add($"{id}: {r.Message}\n  " + string.Join("\n  ", (r.Diffs ?? []).Take(4).Select(d => $"{d.Field}: {d.Expected} / {d.Actual}")));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(passed >= minimumPassed, $"{group}: {passed} passed, expected at least {minimumPassed}");
    }

    [Fact]
    public void Missing_shared_data_skips_outside_ci_and_fails_in_ci()
    {
        var path = Path.Combine(VectorFiles.Root, "memo", Directory.GetFiles(Path.Combine(VectorFiles.Root, "memo"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!);
        Assert.Equal(CaseOutcome.Skipped, Assert.Single(new LiteSvmVectorRunner(_ => null, isCi: false).Run(path)).Outcome);
        Assert.Equal(CaseOutcome.Failed, Assert.Single(new LiteSvmVectorRunner(_ => null, isCi: true).Run(path)).Outcome);
    }

    [Fact]
    public void Manifest_is_not_claimed()
    {
        var path = Path.Combine(VectorFiles.Root, "manifest.json");
        Assert.False(new LiteSvmVectorRunner().CanRun(path, File.ReadAllBytes(path).AsSpan(0, 512)));
    }
}
