using Stratus.Sbpf;

namespace Stratus.Conformance.Features;

/// <summary>
/// What a feature set means for loading a program with BPF loader v1-v3 as Agave 2.2 (Tachyon) configures it:
/// the accepted SBPF version range, whether broken ELFs are rejected (deploy checks), and the syscall names a
/// relocation may resolve against.
/// </summary>
public sealed record LoaderEnvironment(SbpfVersion MinVersion, SbpfVersion MaxVersion, bool RejectBrokenElfs, IReadOnlyList<string> SyscallNames)
{
    // Registered regardless of features.
    private static readonly string[] AlwaysRegistered =
    [
        "abort", "sol_panic_", "sol_log_", "sol_log_64_", "sol_log_pubkey", "sol_log_compute_units_",
        "sol_create_program_address", "sol_try_find_program_address", "sol_sha256", "sol_keccak256",
        "sol_secp256k1_recover", "sol_get_clock_sysvar", "sol_get_epoch_schedule_sysvar", "sol_get_rent_sysvar",
        "sol_get_epoch_rewards_sysvar", "sol_memcpy_", "sol_memmove_", "sol_memset_", "sol_memcmp_",
        "sol_get_processed_sibling_instruction", "sol_get_stack_height", "sol_set_return_data",
        "sol_get_return_data", "sol_invoke_signed_c", "sol_invoke_signed_rust", "sol_log_data",
    ];

    // Registered when the named feature is active.
    private static readonly (string Feature, string Syscall)[] Gated =
    [
        ("blake3_syscall_enabled", "sol_blake3"),
        ("curve25519_syscall_enabled", "sol_curve_validate_point"),
        ("curve25519_syscall_enabled", "sol_curve_group_op"),
        ("curve25519_syscall_enabled", "sol_curve_multiscalar_mul"),
        ("last_restart_slot_sysvar", "sol_get_last_restart_slot"),
        ("enable_alt_bn128_syscall", "sol_alt_bn128_group_op"),
        ("enable_big_mod_exp_syscall", "sol_big_mod_exp"),
        ("enable_poseidon_syscall", "sol_poseidon"),
        ("remaining_compute_units_syscall_enabled", "sol_remaining_compute_units"),
        ("enable_alt_bn128_compression_syscall", "sol_alt_bn128_compression"),
        ("get_sysvar_syscall_enabled", "sol_get_sysvar"),
        ("enable_get_epoch_stake_syscall", "sol_get_epoch_stake"),
    ];

    public static LoaderEnvironment For(ActiveFeatures features, bool deployChecks)
    {
        var min = !features.IsActive("disable_sbpf_v0_execution") || features.IsActive("reenable_sbpf_v0_execution")
            ? SbpfVersion.V0
            : SbpfVersion.V3;
        var max = features.IsActive("enable_sbpf_v3_deployment_and_execution") ? SbpfVersion.V3
            : features.IsActive("enable_sbpf_v2_deployment_and_execution") ? SbpfVersion.V2
            : features.IsActive("enable_sbpf_v1_deployment_and_execution") ? SbpfVersion.V1
            : SbpfVersion.V0;

        var names = new List<string>(AlwaysRegistered);
        foreach (var (feature, syscall) in Gated)
            if (features.IsActive(feature)) names.Add(syscall);
        if (!features.IsActive("disable_fees_sysvar")) names.Add("sol_get_fees_sysvar");
        // Only new deployments lose the allocator; already-deployed programs keep resolving it.
        if (!(deployChecks && features.IsActive("disable_deploy_of_alloc_free_syscall"))) names.Add("sol_alloc_free_");
        return new LoaderEnvironment(min, max, deployChecks, names);
    }

    /// <summary>True when the range is empty (min above max), which Agave never configures but a fixture can ask for.</summary>
    public bool IsEmptyRange => MinVersion > MaxVersion;
}
