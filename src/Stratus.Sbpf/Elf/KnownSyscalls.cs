namespace Stratus.Sbpf.Elf;

/// <summary>When a syscall is part of the program runtime environment.</summary>
public enum SyscallGate : byte
{
    /// <summary>Always registered.</summary>
    Always,
    /// <summary>Registered while <see cref="KnownSyscall.Feature"/> is active.</summary>
    WhenActive,
    /// <summary>Registered until <see cref="KnownSyscall.Feature"/> becomes active.</summary>
    UntilActive,
}

/// <summary>One syscall of Agave's BPF loader environment, with the feature that gates it.</summary>
/// <param name="Name">The name programs link against (its murmur3 is the call key).</param>
/// <param name="Gate">How <paramref name="Feature"/> gates it.</param>
/// <param name="Feature">Agave feature name (X1 ids differ; resolve through the feature set).</param>
/// <param name="ExecutionOnly">Never available at deployment (morph_into_deployment_environment_v1 drops it).</param>
public sealed record KnownSyscall(string Name, SyscallGate Gate = SyscallGate.Always, string? Feature = null, bool ExecutionOnly = false)
{
    public uint Key { get; } = Murmur3.SyscallKey(Name);

    public bool IsRegistered(Func<string, bool> isFeatureActive, bool deployment)
    {
        if (deployment && ExecutionOnly) return false;
        return Gate switch
        {
            SyscallGate.WhenActive => isFeatureActive(Feature!),
            SyscallGate.UntilActive => !isFeatureActive(Feature!),
            _ => true,
        };
    }
}

/// <summary>
/// The syscalls Agave 2.2 / Tachyon registers in <c>create_program_runtime_environment_v1</c>
/// (programs/bpf_loader/src/syscalls/mod.rs), in registration order.
/// </summary>
public static class KnownSyscalls
{
    public static IReadOnlyList<KnownSyscall> AgaveV1 { get; } =
    [
        new("abort"),
        new("sol_panic_"),
        new("sol_log_"),
        new("sol_log_64_"),
        new("sol_log_pubkey"),
        new("sol_log_compute_units_"),
        new("sol_create_program_address"),
        new("sol_try_find_program_address"),
        new("sol_sha256"),
        new("sol_keccak256"),
        new("sol_secp256k1_recover"),
        new("sol_blake3", SyscallGate.WhenActive, "blake3_syscall_enabled"),
        new("sol_curve_validate_point", SyscallGate.WhenActive, "curve25519_syscall_enabled"),
        new("sol_curve_group_op", SyscallGate.WhenActive, "curve25519_syscall_enabled"),
        new("sol_curve_multiscalar_mul", SyscallGate.WhenActive, "curve25519_syscall_enabled"),
        new("sol_get_clock_sysvar"),
        new("sol_get_epoch_schedule_sysvar"),
        new("sol_get_fees_sysvar", SyscallGate.UntilActive, "disable_fees_sysvar"),
        new("sol_get_rent_sysvar"),
        new("sol_get_last_restart_slot", SyscallGate.WhenActive, "last_restart_slot_sysvar"),
        new("sol_get_epoch_rewards_sysvar"),
        new("sol_memcpy_"),
        new("sol_memmove_"),
        new("sol_memset_"),
        new("sol_memcmp_"),
        new("sol_get_processed_sibling_instruction"),
        new("sol_get_stack_height"),
        new("sol_set_return_data"),
        new("sol_get_return_data"),
        new("sol_invoke_signed_c"),
        new("sol_invoke_signed_rust"),
        // Registered for execution; the deployment environment never has it (and with
        // disable_deploy_of_alloc_free_syscall Agave would not register it there either).
        new("sol_alloc_free_", ExecutionOnly: true),
        new("sol_alt_bn128_group_op", SyscallGate.WhenActive, "enable_alt_bn128_syscall"),
        new("sol_big_mod_exp", SyscallGate.WhenActive, "enable_big_mod_exp_syscall"),
        new("sol_poseidon", SyscallGate.WhenActive, "enable_poseidon_syscall"),
        new("sol_remaining_compute_units", SyscallGate.WhenActive, "remaining_compute_units_syscall_enabled"),
        new("sol_alt_bn128_compression", SyscallGate.WhenActive, "enable_alt_bn128_compression_syscall"),
        new("sol_get_sysvar", SyscallGate.WhenActive, "get_sysvar_syscall_enabled"),
        new("sol_get_epoch_stake", SyscallGate.WhenActive, "enable_get_epoch_stake_syscall"),
        new("sol_log_data"),
    ];

    /// <summary>Names registered for the given features, for execution or for deployment.</summary>
    public static IEnumerable<KnownSyscall> Registered(Func<string, bool> isFeatureActive, bool deployment) =>
        AgaveV1.Where(s => s.IsRegistered(isFeatureActive, deployment));

    public static bool TryGetByKey(uint key, out KnownSyscall syscall)
    {
        foreach (var s in AgaveV1)
        {
            if (s.Key == key)
            {
                syscall = s;
                return true;
            }
        }
        syscall = null!;
        return false;
    }

    /// <summary>
    /// Builds a registry with every syscall that is registered under the given features, each bound to
    /// the implementation <paramref name="factory"/> returns for its name.
    /// </summary>
    public static SyscallRegistry CreateRegistry(Func<string, bool> isFeatureActive, bool deployment, Func<KnownSyscall, ISyscall> factory)
    {
        var registry = new SyscallRegistry();
        foreach (var s in Registered(isFeatureActive, deployment))
            registry.Register(s.Name, factory(s));
        return registry;
    }
}
