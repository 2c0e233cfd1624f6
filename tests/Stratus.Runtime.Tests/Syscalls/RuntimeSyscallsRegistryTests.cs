using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

public class RuntimeSyscallsRegistryTests
{
    private static readonly string[] ImplementedElsewhere =
        ["sol_invoke_signed_c", "sol_invoke_signed_rust"];

    private static ISyscall Get(SyscallRegistry registry, string name)
    {
        Assert.True(registry.TryGet(Sbpf.Murmur3.SyscallKey(name), out var syscall), name);
        return syscall;
    }

    [Fact]
    public void Every_known_syscall_is_registered_with_all_features()
    {
        var registry = RuntimeSyscalls.CreateRegistry(_ => true, deployment: false);
        Assert.Equal(KnownSyscalls.AgaveV1.Count - 1, registry.Count);
        foreach (var s in KnownSyscalls.Registered(_ => true, deployment: false))
        {
            var syscall = Get(registry, s.Name);
            if (ImplementedElsewhere.Contains(s.Name)) Assert.IsType<UnimplementedSyscall>(syscall);
            else Assert.IsNotType<UnimplementedSyscall>(syscall);
        }
        // With the features on, the fees getter is gone (disable_fees_sysvar).
        Assert.False(registry.Contains(Sbpf.Murmur3.SyscallKey("sol_get_fees_sysvar")));
    }

    [Fact]
    public void Feature_gates_and_deployment()
    {
        var none = RuntimeSyscalls.CreateRegistry(_ => false, deployment: false);
        foreach (var gated in new[] { "sol_blake3", "sol_curve_validate_point", "sol_curve_group_op", "sol_curve_multiscalar_mul",
                     "sol_get_last_restart_slot", "sol_alt_bn128_group_op", "sol_big_mod_exp", "sol_poseidon", "sol_remaining_compute_units",
                     "sol_alt_bn128_compression", "sol_get_sysvar", "sol_get_epoch_stake" })
            Assert.False(none.Contains(Sbpf.Murmur3.SyscallKey(gated)), gated);
        Assert.IsType<SolGetTypedSysvar>(Get(none, "sol_get_fees_sysvar"));
        Assert.IsType<SolAllocFree>(Get(none, "sol_alloc_free_"));

        var deploy = RuntimeSyscalls.CreateRegistry(_ => true, deployment: true);
        Assert.False(deploy.Contains(Sbpf.Murmur3.SyscallKey("sol_alloc_free_")));
        Assert.Equal(KnownSyscalls.AgaveV1.Count - 2, deploy.Count);
    }

    [Fact]
    public void Abort_on_invalid_curve_follows_the_feature_set()
    {
        using var vm = Create(new byte[64]);
        var before = RuntimeSyscalls.CreateRegistry(f => f != "abort_on_invalid_curve", deployment: false);
        var after = RuntimeSyscalls.CreateRegistry(_ => true, deployment: false);
        Assert.Equal(1UL, vm.Ok(Get(before, "sol_curve_validate_point"), 5, Input).R0);
        Assert.Same(SyscallFailures.InvalidAttribute, vm.Fail(Get(after, "sol_curve_validate_point"), 5, Input).Error);
    }

    [Fact]
    public void External_implementations_and_placeholders()
    {
        var cpi = new UnimplementedSyscall("runtime's CPI");
        var registry = RuntimeSyscalls.CreateRegistry(_ => true, deployment: false,
            new Dictionary<string, ISyscall> { ["sol_invoke_signed_c"] = cpi });
        Assert.Same(cpi, Get(registry, "sol_invoke_signed_c"));
        using var vm = Create(new byte[8]);
        var (error, cost) = vm.Fail(Get(registry, "sol_invoke_signed_rust"));
        Assert.Equal("syscall sol_invoke_signed_rust is not implemented", error.Message);
        Assert.Equal(0UL, cost);
        Assert.IsType<Stratus.Runtime.Syscalls.Bn254.SolPoseidon>(Get(registry, "sol_poseidon"));
    }
}
