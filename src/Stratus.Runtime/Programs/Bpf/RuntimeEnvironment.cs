using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Programs.Bpf;

/// <summary>
/// The BPF program environment for a feature set (Agave's <c>create_program_runtime_environment_v1</c>):
/// which sBPF versions load, the syscalls programs can call, and the VM settings.
/// </summary>
public sealed class RuntimeEnvironment
{
    private RuntimeEnvironment(ElfLoaderConfig loaderConfig, SyscallRegistry syscalls, VmConfig vmConfig)
    {
        LoaderConfig = loaderConfig;
        Syscalls = syscalls;
        VmConfig = vmConfig;
    }

    public ElfLoaderConfig LoaderConfig { get; }

    public SyscallRegistry Syscalls { get; }

    public VmConfig VmConfig { get; }

    public static RuntimeEnvironment Create(FeatureSet features, bool deployment = false)
    {
        Func<string, bool> isActive = features.IsActive;
        var loader = ElfLoaderConfig.ForAgave(isActive, deployment);
        var syscalls = RuntimeSyscalls.CreateRegistry(isActive, deployment, NotYetImplemented);
        var vm = VmConfig.Default with
        {
            EnableStackFrameGaps = !features.IsActive(FeatureId.BpfAccountDataDirectMapping),
        };
        return new RuntimeEnvironment(loader, syscalls, vm);
    }

    /// <summary>Syscalls not implemented yet (CPI): calling one marks the transaction's outcome as unknown.</summary>
    private static readonly IReadOnlyDictionary<string, ISyscall> NotYetImplemented =
        new[] { "sol_invoke_signed_c", "sol_invoke_signed_rust" }
            .ToDictionary(name => name, name => (ISyscall)new UnsupportedSyscall(name));
}
