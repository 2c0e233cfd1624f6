namespace Stratus.Sbpf.Syscalls;

/// <summary>Agave 2.2 <c>ComputeBudget</c> defaults used by the VM's own syscalls.</summary>
public static class SyscallCosts
{
    public const ulong SyscallBaseCost = 100;
    public const ulong Log64Units = 100;
}
