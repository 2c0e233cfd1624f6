namespace Stratus.Sbpf.Syscalls;

/// <summary><c>sol_log_</c>: logs a UTF-8 string; costs max(syscall_base_cost, len).</summary>
public sealed class SolLog : ISyscall
{
    public static readonly SolLog Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong addr, ulong len, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(Math.Max(SyscallCosts.SyscallBaseCost, len));
        if (error != null) return error;
        error = GuestMemory.TranslateString(vm, addr, len, out var message);
        if (error != null) return error;
        vm.Log("Program log: " + message);
        return null;
    }
}

/// <summary><c>sol_log_64_</c>: logs five values as "0x.., 0x.., ..." (lowercase hex); costs log_64_units.</summary>
public sealed class SolLog64 : ISyscall
{
    public static readonly SolLog64 Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.Log64Units);
        if (error != null) return error;
        vm.Log($"Program log: 0x{a1:x}, 0x{a2:x}, 0x{a3:x}, 0x{a4:x}, 0x{a5:x}");
        return null;
    }
}

/// <summary><c>sol_log_compute_units_</c>: logs the remaining units; costs syscall_base_cost.</summary>
public sealed class SolLogComputeUnits : ISyscall
{
    public static readonly SolLogComputeUnits Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost);
        if (error != null) return error;
        vm.Log($"Program consumption: {vm.Meter.Remaining} units remaining");
        return null;
    }
}

/// <summary><c>abort</c>: always fails with "SBF program panicked"; free.</summary>
public sealed class Abort : ISyscall
{
    public static readonly Abort Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        return SyscallError.Abort;
    }
}

/// <summary>
/// <c>sol_panic_(file, len, line, column)</c>: charges len units, then fails with
/// "SBF program Panicked in {file} at {line}:{column}" (or InvalidString / an access violation).
/// </summary>
public sealed class SolPanic : ISyscall
{
    public static readonly SolPanic Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong file, ulong len, ulong line, ulong column, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(len);
        if (error != null) return error;
        error = GuestMemory.TranslateString(vm, file, len, out var name);
        return error ?? SyscallError.Panic(name, line, column);
    }
}

/// <summary>The VM's own syscalls.</summary>
public static class BasicSyscalls
{
    /// <summary>Registers abort, sol_panic_, sol_log_, sol_log_64_ and sol_log_compute_units_.</summary>
    public static SyscallRegistry Register(SyscallRegistry registry)
    {
        registry.Register("abort", Abort.Instance);
        registry.Register("sol_panic_", SolPanic.Instance);
        registry.Register("sol_log_", SolLog.Instance);
        registry.Register("sol_log_64_", SolLog64.Instance);
        registry.Register("sol_log_compute_units_", SolLogComputeUnits.Instance);
        return registry;
    }
}
