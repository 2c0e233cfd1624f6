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
        var syscalls = KnownSyscalls.CreateRegistry(isActive, deployment, Implementation);
        var vm = VmConfig.Default with
        {
            EnableStackFrameGaps = !features.IsActive(FeatureId.BpfAccountDataDirectMapping),
        };
        return new RuntimeEnvironment(loader, syscalls, vm);
    }

    private static ISyscall Implementation(KnownSyscall syscall) => syscall.Name switch
    {
        "abort" => Abort.Instance,
        "sol_panic_" => SolPanic.Instance,
        "sol_log_" => SolLog.Instance,
        "sol_log_64_" => SolLog64.Instance,
        "sol_log_compute_units_" => SolLogComputeUnits.Instance,
        "sol_log_pubkey" => new SolLogPubkey(),
        "sol_log_data" => new SolLogData(),
        "sol_remaining_compute_units" => new SolRemainingComputeUnits(),
        "sol_get_stack_height" => new SolGetStackHeight(),
        "sol_memcpy_" => new SolMemOp(SolMemOp.Kind.Memcpy),
        "sol_memmove_" => new SolMemOp(SolMemOp.Kind.Memmove),
        "sol_memset_" => new SolMemOp(SolMemOp.Kind.Memset),
        "sol_memcmp_" => new SolMemOp(SolMemOp.Kind.Memcmp),
        "sol_alloc_free_" => new SolAllocFree(),
        "sol_set_return_data" => new SolSetReturnData(),
        "sol_get_return_data" => new SolGetReturnData(),
        "sol_get_clock_sysvar" => new SolGetSysvar(SysvarIds.Clock, 40),
        "sol_get_rent_sysvar" => new SolGetSysvar(SysvarIds.Rent, 24),
        "sol_get_epoch_schedule_sysvar" => new SolGetSysvar(SysvarIds.EpochSchedule, 40),
        "sol_sha256" => new SolHash(SolHash.Algorithm.Sha256),
        "sol_keccak256" => new SolHash(SolHash.Algorithm.Keccak256),
        "sol_blake3" => new SolHash(SolHash.Algorithm.Blake3),
        _ => new UnsupportedSyscall(syscall.Name),
    };
}
