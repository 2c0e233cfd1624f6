namespace Stratus.Conformance;

public enum CaseOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One field that differs between the expected and the actual result of a case.</summary>
public sealed record FieldDiff(string Field, string Expected, string Actual);

/// <summary>The result of running one conformance case.</summary>
/// <param name="Kind">Case kind, e.g. <c>vm-interp-text</c>, <c>elf-loader</c>, <c>vm-syscall</c>, <c>instr</c>, <c>txn</c>, <c>block</c>.</param>
/// <param name="Id">Stable identifier: file path, plus <c>:line</c> for multi-case files.</param>
/// <param name="Message">For failures and skips, why.</param>
public sealed record CaseResult(string Kind, string Id, CaseOutcome Outcome, string? Message = null, IReadOnlyList<FieldDiff>? Diffs = null)
{
    public static CaseResult Pass(string kind, string id) => new(kind, id, CaseOutcome.Passed);
    public static CaseResult Skip(string kind, string id, string why) => new(kind, id, CaseOutcome.Skipped, why);
    public static CaseResult Fail(string kind, string id, string why, IReadOnlyList<FieldDiff>? diffs = null) => new(kind, id, CaseOutcome.Failed, why, diffs);
}
