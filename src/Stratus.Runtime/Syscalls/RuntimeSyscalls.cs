using Stratus.Runtime.Syscalls.Bn254;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// Builds the program runtime environment's syscall table (Agave 2.2
/// <c>create_program_runtime_environment_v1</c>): every name <see cref="KnownSyscalls"/> registers
/// under the feature set, bound to its implementation.
/// </summary>
public static class RuntimeSyscalls
{
    /// <summary>
    /// The registry for a feature set. <paramref name="isFeatureActive"/> takes Agave feature names
    /// (as <see cref="KnownSyscall.Feature"/>); <paramref name="deployment"/> selects the deployment
    /// environment (no sol_alloc_free_). The alt_bn128, Poseidon and big_mod_exp syscalls come from
    /// <see cref="Bn254Syscalls"/>. Syscalls implemented elsewhere are passed in <paramref name="external"/>
    /// by name (the CPI pair sol_invoke_signed_c / _rust from the runtime); an entry there also overrides
    /// an implementation here. A name with no implementation is still registered (the loader must
    /// resolve it exactly as Agave does) but fails when called with <see cref="UnimplementedSyscall"/>.
    /// </summary>
    public static SyscallRegistry CreateRegistry(Func<string, bool> isFeatureActive, bool deployment,
        IReadOnlyDictionary<string, ISyscall>? external = null)
    {
        bool abortOnInvalidCurve = isFeatureActive("abort_on_invalid_curve");
        bool directMapping = isFeatureActive("bpf_account_data_direct_mapping");
        var bn254 = Bn254Syscalls.Create(isFeatureActive);
        return KnownSyscalls.CreateRegistry(isFeatureActive, deployment,
            s => external != null && external.TryGetValue(s.Name, out var given) ? given
                : bn254.TryGetValue(s.Name, out var curve) ? curve
                : Create(s.Name, abortOnInvalidCurve, directMapping) ?? new UnimplementedSyscall(s.Name));
    }

    /// <summary>
    /// The implementation of one Agave syscall name in this folder's root, or null for the others
    /// (bn254 family, CPI). The flags
    /// are the features those syscalls consult at run time in Agave (abort_on_invalid_curve,
    /// bpf_account_data_direct_mapping).
    /// </summary>
    public static ISyscall? Create(string name, bool abortOnInvalidCurve, bool directMapping) => name switch
    {
        "abort" => Abort.Instance,
        "sol_panic_" => SolPanic.Instance,
        "sol_log_" => SolLog.Instance,
        "sol_log_64_" => SolLog64.Instance,
        "sol_log_pubkey" => SolLogPubkey.Instance,
        "sol_log_compute_units_" => SolLogComputeUnits.Instance,
        "sol_log_data" => SolLogData.Instance,
        "sol_remaining_compute_units" => SolRemainingComputeUnits.Instance,
        "sol_create_program_address" => SolCreateProgramAddress.Instance,
        "sol_try_find_program_address" => SolTryFindProgramAddress.Instance,
        "sol_sha256" => new SolHash(SyscallHashKind.Sha256),
        "sol_keccak256" => new SolHash(SyscallHashKind.Keccak256),
        "sol_blake3" => new SolHash(SyscallHashKind.Blake3),
        "sol_secp256k1_recover" => SolSecp256k1Recover.Instance,
        "sol_curve_validate_point" => new SolCurveValidatePoint(abortOnInvalidCurve),
        "sol_curve_group_op" => new SolCurveGroupOp(abortOnInvalidCurve),
        "sol_curve_multiscalar_mul" => new SolCurveMultiscalarMul(abortOnInvalidCurve),
        "sol_get_clock_sysvar" => new SolGetTypedSysvar(TypedSysvar.Clock),
        "sol_get_epoch_schedule_sysvar" => new SolGetTypedSysvar(TypedSysvar.EpochSchedule),
        "sol_get_fees_sysvar" => new SolGetTypedSysvar(TypedSysvar.Fees),
        "sol_get_rent_sysvar" => new SolGetTypedSysvar(TypedSysvar.Rent),
        "sol_get_last_restart_slot" => new SolGetTypedSysvar(TypedSysvar.LastRestartSlot),
        "sol_get_epoch_rewards_sysvar" => new SolGetTypedSysvar(TypedSysvar.EpochRewards),
        "sol_get_sysvar" => SolGetSysvar.Instance,
        "sol_memcpy_" => directMapping ? new SolMemcpy(true) : SolMemcpy.Instance,
        "sol_memmove_" => directMapping ? new SolMemmove(true) : SolMemmove.Instance,
        "sol_memset_" => directMapping ? new SolMemset(true) : SolMemset.Instance,
        "sol_memcmp_" => directMapping ? new SolMemcmp(true) : SolMemcmp.Instance,
        "sol_alloc_free_" => SolAllocFree.Instance,
        "sol_get_processed_sibling_instruction" => SolGetProcessedSiblingInstruction.Instance,
        "sol_get_stack_height" => SolGetStackHeight.Instance,
        "sol_set_return_data" => SolSetReturnData.Instance,
        "sol_get_return_data" => SolGetReturnData.Instance,
        "sol_get_epoch_stake" => SolGetEpochStake.Instance,
        _ => null,
    };
}

/// <summary>
/// A registered syscall with no implementation in this build: calling it fails the program with a
/// message naming it, so an execution that reaches it is never mistaken for Agave's outcome.
/// </summary>
public sealed class UnimplementedSyscall(string name) : ISyscall
{
    public string Name { get; } = name;

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        return new SyscallError($"syscall {Name} is not implemented");
    }
}
