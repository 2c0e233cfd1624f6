using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Runtime.Syscalls;
using Stratus.Runtime.Syscalls.Cpi;
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
    private readonly FeatureSet _features;
    private readonly bool _isDeployment;
    private RuntimeEnvironment? _deployment;

    private RuntimeEnvironment(FeatureSet features, bool deployment, ElfLoaderConfig loaderConfig, SyscallRegistry syscalls, VmConfig vmConfig)
    {
        _features = features;
        _isDeployment = deployment;
        LoaderConfig = loaderConfig;
        Syscalls = syscalls;
        VmConfig = vmConfig;
    }

    public ElfLoaderConfig LoaderConfig { get; }

    public SyscallRegistry Syscalls { get; }

    public VmConfig VmConfig { get; }

    /// <summary>
    /// The stricter environment programs are verified in when deployed (Agave's
    /// <c>morph_into_deployment_environment_v1</c>), built on first use.
    /// </summary>
    public RuntimeEnvironment Deployment =>
        _isDeployment ? this : _deployment ??= Create(_features, deployment: true);

    public static RuntimeEnvironment Create(FeatureSet features, bool deployment = false)
    {
        Func<string, bool> isActive = features.IsActive;
        var loader = ElfLoaderConfig.ForAgave(isActive, deployment);
        var syscalls = RuntimeSyscalls.CreateRegistry(isActive, deployment, CpiSyscalls);
        var vm = VmConfig.Default with
        {
            EnableStackFrameGaps = !features.IsActive(FeatureId.BpfAccountDataDirectMapping),
        };
        return new RuntimeEnvironment(features, deployment, loader, syscalls, vm);
    }

    /// <summary>The CPI pair lives with the runtime (Syscalls/Cpi), which owns the invoke pipeline it drives.</summary>
    private static readonly IReadOnlyDictionary<string, ISyscall> CpiSyscalls = new Dictionary<string, ISyscall>
    {
        ["sol_invoke_signed_c"] = new SolInvokeSigned(CpiAbi.C),
        ["sol_invoke_signed_rust"] = new SolInvokeSigned(CpiAbi.Rust),
    };
}
