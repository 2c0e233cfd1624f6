using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// A VM around a one-instruction program whose context the syscalls run against: program region
/// (the text), gapped V0 stack, 32 KiB heap, and the given input regions at 0x4_0000_0000.
/// </summary>
internal sealed class SyscallTestVm : IDisposable
{
    public const ulong Input = MemoryLayout.InputStart;
    public const ulong Heap = MemoryLayout.HeapStart;
    public const ulong Stack = MemoryLayout.StackStart;
    public const ulong Program = MemoryLayout.ProgramStart;

    private static readonly byte[] ExitText = [0x95, 0, 0, 0, 0, 0, 0, 0];

    private SyscallTestVm(Vm vm, ListLogSink logs)
    {
        Vm = vm;
        Logs = logs;
    }

    public Vm Vm { get; }
    public VmContext Context => Vm.Context;
    public ListLogSink Logs { get; }
    public ulong Remaining => Context.Meter.Remaining;

    /// <summary>One writable input region holding <paramref name="input"/>.</summary>
    public static SyscallTestVm Create(byte[] input, ulong budget = 1_000_000, object? host = null) =>
        Create([MemoryRegion.CreateWritable(input, Input)], budget, host);

    public static SyscallTestVm Create(IEnumerable<MemoryRegion> inputRegions, ulong budget = 1_000_000, object? host = null)
    {
        var executable = Executable.FromText(ExitText, SbpfVersion.V0, new SyscallRegistry());
        var vm = Vm.Create(executable, new ComputeMeter(budget), inputRegions);
        var logs = new ListLogSink();
        vm.Context.LogSink = logs;
        vm.Context.Host = host;
        return new SyscallTestVm(vm, logs);
    }

    public SyscallError? Call(ISyscall syscall, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0) =>
        syscall.Invoke(Context, a1, a2, a3, a4, a5, out r0);

    /// <summary>Runs a syscall that must succeed; returns r0 and the units it charged.</summary>
    public (ulong R0, ulong Cost) Ok(ISyscall syscall, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, ulong a4 = 0, ulong a5 = 0)
    {
        ulong before = Remaining;
        var error = Call(syscall, a1, a2, a3, a4, a5, out ulong r0);
        Assert.True(error == null, error?.Message);
        return (r0, before - Remaining);
    }

    /// <summary>Runs a syscall that must fail; returns the error and the units it charged.</summary>
    public (SyscallError Error, ulong Cost) Fail(ISyscall syscall, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, ulong a4 = 0, ulong a5 = 0)
    {
        ulong before = Remaining;
        var error = Call(syscall, a1, a2, a3, a4, a5, out _);
        Assert.NotNull(error);
        return (error!, before - Remaining);
    }

    public void Dispose() => Vm.Dispose();
}

internal static class SyscallAssert
{
    public static void AccessViolation(SyscallError error, AccessType access, ulong address, ulong length)
    {
        Assert.Equal(SyscallErrorKind.Ebpf, error.Kind);
        Assert.NotNull(error.Ebpf);
        Assert.True(error.Ebpf!.Kind is VmErrorKind.AccessViolation or VmErrorKind.StackAccessViolation, error.Message);
        Assert.Equal(access, error.Ebpf.AccessType);
        Assert.Equal(address, error.Ebpf.Address);
        Assert.Equal(length, error.Ebpf.Size);
    }

    public static void Kind(SyscallErrorKind kind, SyscallError error) => Assert.Equal(kind, error.Kind);

    public static void BudgetExceeded(SyscallError error)
    {
        Assert.Equal(SyscallErrorKind.InstructionError, error.Kind);
        Assert.Equal("ComputationalBudgetExceeded", error.InstructionError);
    }
}
