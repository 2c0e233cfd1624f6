using Stratus.Conformance;
using Stratus.Conformance.InterpText;
using Stratus.TestCommon;
using Xunit.Abstractions;

namespace Stratus.Conformance.Tests.InterpText;

public sealed class InterpTextSuiteTests(ITestOutputHelper output)
{
    private const string Root = "vm-interp-text";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var v in new[] { "v0", "v2", "v3" })
            foreach (var f in new[] { "bitwise", "int_math", "jump", "load", "opcode", "shift" })
                if (v != "v3" || f == "jump")
                    data.Add($"{Root}/{v}/{f}.instr");
        return data;
    }

    [SharedTheory(Root)]
    [MemberData(nameof(Files))]
    public void Every_case_in_file_passes(string relative)
    {
        var path = SharedData.Require(relative);
        Assert.True(InterpTextSuite.LooksLikeInterpText(path));
        var results = InterpTextSuite.RunFile(path);
        Assert.NotEmpty(results);
        foreach (var r in results.Where(r => r.Outcome != CaseOutcome.Passed).Take(50))
            output.WriteLine($"{r.Id}: {r.Message} {string.Join("; ", r.Diffs?.Select(d => $"{d.Field} expected {d.Expected} actual {d.Actual}") ?? [])}");
        Assert.All(results, r => Assert.Equal(CaseOutcome.Passed, r.Outcome));
    }

    [SharedFact(Root)]
    public void All_2827_cases_are_found_and_pass()
    {
        int total = 0, passed = 0;
        foreach (var dir in Directory.GetDirectories(SharedData.Require(Root)))
            foreach (var file in Directory.GetFiles(dir, "*.instr"))
            {
                var results = InterpTextSuite.RunFile(file);
                total += results.Count;
                passed += results.Count(r => r.Outcome == CaseOutcome.Passed);
            }
        output.WriteLine($"{passed}/{total} passed");
        Assert.Equal(2827, total);
        Assert.Equal(total, passed);
    }

    [Fact]
    public void Parser_carries_state_between_cases_like_the_harness()
    {
        const string text = """
            input=0a0b
            dst=1 src=2
            $ op=b7 imm=5 r1=7 : ok r1=5
            $ op=07 : ok r1=c   # dst, imm and r1 inherited
            region_boundary=01
            $ op=95 : err
            """;
        var cases = InterpTextParser.Parse(text);
        Assert.Equal(3, cases.Count);
        Assert.Equal(3, cases[0].Line);
        Assert.Equal(7UL, cases[0].InitialRegisters[1]);
        Assert.Equal(5UL, cases[0].ExpectedRegisters[1]);
        Assert.Equal(0x07, cases[1].Opcode);
        Assert.Equal(5UL, cases[1].Imm);
        Assert.Equal(7UL, cases[1].InitialRegisters[1]);
        // the boundary line sits after case 2's assertion, so it already applies to case 2
        Assert.Equal(new uint[] { 1 }, cases[1].RegionBoundaries);
        Assert.Equal(InterpTextStatus.Fault, cases[2].ExpectedStatus);
        Assert.Equal(new byte[] { 0x0a, 0x0b }, cases[2].Input);
    }

    [Fact]
    public void Malformed_file_reports_a_failure_instead_of_throwing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.instr");
        File.WriteAllText(path, "$ op=zz : ok\n");
        try
        {
            var results = InterpTextSuite.RunFile(path);
            Assert.Single(results);
            Assert.Equal(CaseOutcome.Failed, results[0].Outcome);
            Assert.False(InterpTextSuite.LooksLikeInterpText(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
