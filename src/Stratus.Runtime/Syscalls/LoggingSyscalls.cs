using System.Text;
using Stratus.Core;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

/// <summary><c>sol_log_pubkey</c>: "Program log: " and the base58 key; costs log_pubkey_units.</summary>
public sealed class SolLogPubkey : ISyscall
{
    public static readonly SolLogPubkey Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong pubkeyAddr, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.LogPubkeyUnits);
        if (error != null) return error;
        error = GuestMemory.TranslateType(vm, AccessType.Load, pubkeyAddr, Pubkey.Length, 1, out var key);
        if (error != null) return error;
        vm.Log("Program log: " + Pubkey.Read(key));
        return null;
    }
}

/// <summary>
/// <c>sol_log_data</c>: "Program data: " and the base64 of each field, space separated. Charges
/// syscall_base_cost, then (after translating the field list) syscall_base_cost per field and one
/// unit per byte, and only then translates the fields.
/// </summary>
public sealed class SolLogData : ISyscall
{
    public static readonly SolLogData Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong addr, ulong len, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost);
        if (error != null) return error;
        error = GuestMemory.TranslateSliceOfSlices(vm, addr, len, out var descriptors);
        if (error != null) return error;
        int count = descriptors.Length / GuestMemory.SliceDescriptorSize;
        error = vm.ConsumeChecked(SaturatingMul(SyscallCosts.SyscallBaseCost, (ulong)count));
        if (error != null) return error;
        ulong total = 0;
        for (int i = 0; i < count; i++)
        {
            ulong length = GuestMemory.ReadSliceDescriptor(descriptors, i).Length;
            total = total > ulong.MaxValue - length ? ulong.MaxValue : total + length;
        }
        error = vm.ConsumeChecked(total);
        if (error != null) return error;

        var line = new StringBuilder("Program data: ");
        for (int i = 0; i < count; i++)
        {
            var (pointer, length) = GuestMemory.ReadSliceDescriptor(descriptors, i);
            error = GuestMemory.TranslateBytes(vm, AccessType.Load, pointer, length, out var field);
            if (error != null) return error;
            if (i > 0) line.Append(' ');
            line.Append(Convert.ToBase64String(field));
        }
        vm.Log(line.ToString());
        return null;
    }

    private static ulong SaturatingMul(ulong a, ulong b) => b != 0 && a > ulong.MaxValue / b ? ulong.MaxValue : a * b;
}

/// <summary><c>sol_remaining_compute_units</c>: charges syscall_base_cost, then returns the units left.</summary>
public sealed class SolRemainingComputeUnits : ISyscall
{
    public static readonly SolRemainingComputeUnits Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost);
        if (error != null) return error;
        r0 = vm.Meter.Remaining;
        return null;
    }
}
