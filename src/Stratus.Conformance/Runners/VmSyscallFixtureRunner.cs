using Google.Protobuf;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;
using Stratus.Conformance.VmHarness;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Syscall and interpreter fixtures (vm.proto). Syscall cases run through <see cref="SyscallHarness"/>, interpreter
/// cases through <see cref="InterpHarness"/>, and every effect the fixture records is compared (for the interpreter
/// also r1–r10). None is ever reported passed on a partial comparison.
/// </summary>
public sealed class VmSyscallFixtureRunner : IFixtureKindRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseKinds.VmSyscall, CaseKinds.VmInterp];

    public CaseResult Run(string id, Recognition recognition, IMessage fixture)
    {
        if (fixture is not SyscallFixture f)
            return CaseResult.Fail(recognition.Kind, id, $"unexpected message {fixture.Descriptor.Name} for a VM fixture");
        if (f.Output == null)
            return CaseResult.Skip(recognition.Kind, id, "fixture has no expected output (the harness produced none)");
        if (recognition.Kind == CaseKinds.VmInterp) return RunInterp(id, recognition, f);

        var name = SyscallName(f);
        if (name == null)
            return CaseResult.Fail(recognition.Kind, id, "syscall fixture without a syscall invocation");
        SyscallHarness.Outcome outcome;
        try
        {
            outcome = SyscallHarness.Run(f.Input);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            // A fuzzed context Stratus cannot even set up is a defect to see, not a crash of the whole run.
            return CaseResult.Fail(recognition.Kind, id, $"{name}: harness threw {e.GetType().Name}: {e.Message}");
        }
        if (outcome.Skip != null) return CaseResult.Skip(recognition.Kind, id, $"{name}: {outcome.Skip}");
        if (outcome.Effects == null)
            return CaseResult.Fail(recognition.Kind, id, $"{name}: harness produced no effects ({outcome.NoEffects}) but the fixture has some");
        var diffs = Compare(f.Output, outcome.Effects);
        return diffs.Any ? CaseResult.Fail(recognition.Kind, id, $"{name}: effects differ", diffs.Diffs) : CaseResult.Pass(recognition.Kind, id);
    }

    private static CaseResult RunInterp(string id, Recognition recognition, SyscallFixture f)
    {
        SyscallHarness.Outcome outcome;
        try
        {
            outcome = InterpHarness.Run(f.Input);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return CaseResult.Fail(recognition.Kind, id, $"interpreter harness threw {e.GetType().Name}: {e.Message}");
        }
        if (outcome.Skip != null) return CaseResult.Skip(recognition.Kind, id, outcome.Skip);
        if (outcome.Effects == null)
            return CaseResult.Fail(recognition.Kind, id, $"interpreter harness produced no effects ({outcome.NoEffects}) but the fixture has some");
        var diffs = Compare(f.Output, outcome.Effects);
        ulong[] want = [f.Output.R1, f.Output.R2, f.Output.R3, f.Output.R4, f.Output.R5, f.Output.R6, f.Output.R7, f.Output.R8, f.Output.R9, f.Output.R10];
        ulong[] got = [outcome.Effects.R1, outcome.Effects.R2, outcome.Effects.R3, outcome.Effects.R4, outcome.Effects.R5, outcome.Effects.R6, outcome.Effects.R7, outcome.Effects.R8, outcome.Effects.R9, outcome.Effects.R10];
        for (int i = 0; i < want.Length; i++) diffs.CompareHex($"r{i + 1}", want[i], got[i]);
        return diffs.Any ? CaseResult.Fail(recognition.Kind, id, "interpreter effects differ", diffs.Diffs) : CaseResult.Pass(recognition.Kind, id);
    }

    /// <summary>Every effect field the syscall harness records, expected against actual.</summary>
    internal static DiffList Compare(SyscallEffects expected, SyscallEffects actual)
    {
        var d = new DiffList();
        d.Compare("error", expected.Error, actual.Error);
        d.Compare("error_kind", expected.ErrorKind.ToString(), actual.ErrorKind.ToString());
        d.Compare("r0", expected.R0, actual.R0);
        d.Compare("cu_avail", expected.CuAvail, actual.CuAvail);
        d.Compare("frame_count", expected.FrameCount, actual.FrameCount);
        d.Compare("pc", expected.Pc, actual.Pc);
        d.Compare("heap", expected.Heap.Span, actual.Heap.Span);
        d.Compare("stack", expected.Stack.Span, actual.Stack.Span);
        d.Compare("rodata", expected.Rodata.Span, actual.Rodata.Span);
        // The historical single input blob is compared only when the fixture still carries it.
        if (!expected.Inputdata.IsEmpty)
            d.Compare("inputdata", expected.Inputdata.Span, Concat(actual));
        var er = expected.InputDataRegions.Where(r => !r.Content.IsEmpty).ToList();
        var ar = actual.InputDataRegions.Where(r => !r.Content.IsEmpty).ToList();
        d.Compare("input_data_regions.count", (ulong)er.Count, (ulong)ar.Count);
        for (int i = 0; i < Math.Min(er.Count, ar.Count); i++)
        {
            d.Compare($"input_data_regions[{i}].offset", er[i].Offset, ar[i].Offset);
            d.Compare($"input_data_regions[{i}].is_writable", er[i].IsWritable, ar[i].IsWritable);
            d.Compare($"input_data_regions[{i}].content", er[i].Content.Span, ar[i].Content.Span);
        }
        // Log text was recorded by older fixtures only (removed from the schema later); an empty field means "not recorded".
        if (!expected.Log.IsEmpty)
            d.Compare("log", expected.Log.ToStringUtf8(), actual.Log.ToStringUtf8());
        return d;
    }

    private static byte[] Concat(SyscallEffects e) => e.InputDataRegions.SelectMany(r => r.Content.ToByteArray()).ToArray();

    /// <summary>The invoked syscall's name, printable (fixtures carry it as raw bytes).</summary>
    public static string? SyscallName(SyscallFixture f)
    {
        var raw = f.Input?.SyscallInvocation?.FunctionName;
        if (raw == null || raw.IsEmpty) return null;
        var text = System.Text.Encoding.ASCII.GetString(raw.Span);
        return new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
