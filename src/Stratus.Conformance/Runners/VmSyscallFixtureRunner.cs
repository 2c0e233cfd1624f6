using Google.Protobuf;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;
using Stratus.Sbpf;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Syscall and interpreter fixtures (vm.proto). Both harnesses build the VM's input region by BPF-loader
/// serialization of the fixture's instruction context and compare it after the run, so a case can only be checked
/// once the runtime serializes instructions; until then each is skipped with the precise missing piece (the
/// syscall's name when the VM lacks it). None is ever reported passed on a partial comparison.
/// </summary>
public sealed class VmSyscallFixtureRunner : IFixtureKindRunner
{
    private static readonly SyscallRegistry Implemented = BasicSyscalls.Register(new SyscallRegistry());

    public IReadOnlyCollection<string> Kinds { get; } = [CaseKinds.VmSyscall, CaseKinds.VmInterp];

    public CaseResult Run(string id, Recognition recognition, IMessage fixture)
    {
        if (fixture is not SyscallFixture f)
            return CaseResult.Fail(recognition.Kind, id, $"unexpected message {fixture.Descriptor.Name} for a VM fixture");
        if (f.Output == null)
            return CaseResult.Skip(recognition.Kind, id, "fixture has no expected output (the harness produced none)");

        if (recognition.Kind == CaseKinds.VmInterp)
            return CaseResult.Skip(recognition.Kind, id, "interpreter fixtures need BPF-loader input serialization, not implemented yet");

        var name = SyscallName(f);
        if (name == null)
            return CaseResult.Fail(recognition.Kind, id, "syscall fixture without a syscall invocation");
        if (!Implemented.Contains(Murmur3.Hash32(f.Input.SyscallInvocation.FunctionName.Span)))
            return CaseResult.Skip(recognition.Kind, id, $"syscall {name} not implemented yet");
        return CaseResult.Skip(recognition.Kind, id, $"syscall {name} is implemented, but its fixture's input region needs BPF-loader input serialization, not implemented yet");
    }

    /// <summary>The invoked syscall's name, printable (fixtures carry it as raw bytes).</summary>
    public static string? SyscallName(SyscallFixture f)
    {
        var raw = f.Input?.SyscallInvocation?.FunctionName;
        if (raw == null || raw.IsEmpty) return null;
        var text = System.Text.Encoding.ASCII.GetString(raw.Span);
        return new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
