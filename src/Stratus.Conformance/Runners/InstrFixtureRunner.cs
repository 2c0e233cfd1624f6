using Google.Protobuf;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Instruction fixtures (instr.proto, <c>sol_compat_instr_execute_v1</c>): runs the instruction through
/// <see cref="InstrHarness"/> and compares result, custom error, units left, return data and account post-states.
/// </summary>
public sealed class InstrFixtureRunner : IFixtureKindRunner
{
    private readonly IReadOnlySet<string> _ignored;

    public InstrFixtureRunner() : this(new HashSet<string>()) { }

    /// <param name="ignoredFields">
    /// InstrEffects fields not compared: only for fixtures made by a converter whose oracle does not determine them.
    /// Real fixtures compare everything.
    /// </param>
    internal InstrFixtureRunner(IReadOnlySet<string> ignoredFields) => _ignored = ignoredFields;

    public IReadOnlyCollection<string> Kinds { get; } = [CaseKinds.Instr];

    public CaseResult Run(string id, Recognition recognition, IMessage fixture)
    {
        if (fixture is not InstrFixture f)
            return CaseResult.Fail(recognition.Kind, id, $"unexpected message {fixture.Descriptor.Name} for an instruction fixture");
        if (f.Output == null)
            return CaseResult.Skip(recognition.Kind, id, "fixture has no expected output (the harness produced none)");
        var program = f.Input?.ProgramId is { Length: 32 } p ? new Stratus.Core.Pubkey(p.Span).ToString() : "<bad program id>";
        InstrHarness.Outcome outcome;
        try
        {
            outcome = InstrHarness.Run(f.Input);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return CaseResult.Fail(recognition.Kind, id, $"program {program}: harness threw {e.GetType().Name}: {e.Message}");
        }
        if (outcome.Unsupported != null) return CaseResult.Skip(recognition.Kind, id, $"program {program}: {outcome.Unsupported}");
        if (outcome.Effects == null)
            return CaseResult.Fail(recognition.Kind, id, $"program {program}: harness rejects the context ({outcome.Rejected}) but the fixture has effects");
        var diffs = Compare(f.Output, outcome.Effects, f.Input!.Accounts, _ignored);
        if (!diffs.Any) return CaseResult.Pass(recognition.Kind, id);
        var fields = string.Join(", ", diffs.Diffs.Select(d => d.Field).Take(5)) + (diffs.Diffs.Count > 5 ? ", ..." : "");
        return CaseResult.Fail(recognition.Kind, id, $"program {program}: effects differ in {fields}", diffs.Diffs);
    }

    /// <summary>Every effect the instruction harness records, expected against actual.</summary>
    internal static DiffList Compare(InstrEffects expected, InstrEffects actual, IReadOnlyList<AcctState>? input = null, IReadOnlySet<string>? ignored = null)
    {
        var d = new DiffList();
        d.Compare("result", ResultName(expected.Result), ResultName(actual.Result));
        d.Compare("custom_err", (ulong)expected.CustomErr, actual.CustomErr);
        d.Compare("cu_avail", expected.CuAvail, actual.CuAvail);
        d.Compare("return_data", expected.ReturnData.Span, actual.ReturnData.Span);
        if (ignored == null || !ignored.Contains("modified_accounts"))
            AccountStateDiff.Compare(d, "modified_accounts", expected.ModifiedAccounts, actual.ModifiedAccounts, input);
        return d;
    }

    /// <summary>The result code with the InstructionError it stands for (code = ordinal + 1).</summary>
    public static string ResultName(int code) => code switch
    {
        0 => "0 (ok)",
        > 0 when Enum.IsDefined(typeof(Stratus.Core.Transactions.InstructionErrorKind), (uint)(code - 1)) =>
            $"{code} ({(Stratus.Core.Transactions.InstructionErrorKind)(uint)(code - 1)})",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
