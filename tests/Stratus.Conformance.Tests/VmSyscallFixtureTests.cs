using Google.Protobuf;
using Stratus.Conformance.Runners;

namespace Stratus.Conformance.Tests;

public class VmSyscallFixtureTests
{
    private static readonly ProtobufFixtureRunner Runner = new(DefaultRunners.KindRunners());

    [Fact]
    public void Syscall_fixture_whose_effects_differ_fails_with_diffs_not_skips()
    {
        var r = Runner.RunBytes("memcpy", Builders.Syscall(syscall: "sol_memcpy_").ToByteArray());
        Assert.Equal((CaseKinds.VmSyscall, CaseOutcome.Failed), (r.Kind, r.Outcome));
        Assert.NotEmpty(r.Diffs!);
    }

    [Fact]
    public void Interpreter_fixtures_run_through_the_interpreter_harness()
    {
        var r = Runner.RunBytes("interp", Builders.Syscall("sol_compat_vm_interp_v1", null).ToByteArray());
        Assert.Equal((CaseKinds.VmInterp, CaseOutcome.Failed), (r.Kind, r.Outcome));
        Assert.Contains("interpreter", r.Message);
    }

    [Fact]
    public void Without_metadata_the_invocation_decides_the_kind()
    {
        var f = Builders.Syscall(syscall: null);
        f.Metadata = null;
        Assert.Equal(CaseKinds.VmInterp, Runner.RunBytes("no-meta-interp", f.ToByteArray()).Kind);

        var cpi = Builders.Syscall(syscall: "sol_invoke_signed_rust");
        cpi.Metadata = null;
        var r = Runner.RunBytes("no-meta-cpi", cpi.ToByteArray());
        Assert.Equal((CaseKinds.VmCpiSyscall, CaseOutcome.Skipped), (r.Kind, r.Outcome));
    }

    [Fact]
    public void Syscall_fixture_without_invocation_fails()
    {
        var r = Runner.RunBytes("none", Builders.Syscall(syscall: null).ToByteArray());
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
    }
}
