using System.Buffers.Binary;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Tests.Syscalls.Bn254;

/// <summary>
/// A VM around a one-instruction program (exit) whose context the syscalls run against, with one
/// writable input region at 0x4_0000_0000 that tests lay data into, and a read-only region (the
/// program text) to provoke store violations.
/// </summary>
internal sealed class Bn254TestVm : IDisposable
{
    public const ulong Input = MemoryLayout.InputStart;
    public const ulong ReadOnly = MemoryLayout.ProgramStart;

    private static readonly byte[] ExitText = [0x95, 0, 0, 0, 0, 0, 0, 0];

    private Bn254TestVm(Vm vm, byte[] memory, ListLogSink logs)
    {
        Vm = vm;
        Memory = memory;
        Logs = logs;
    }

    public Vm Vm { get; }

    /// <summary>The input region's bytes (guest address <see cref="Input"/> + index).</summary>
    public byte[] Memory { get; }

    public ListLogSink Logs { get; }

    public VmContext Context => Vm.Context;

    public ulong Remaining => Context.Meter.Remaining;

    public static Bn254TestVm Create(int size = 64 * 1024, ulong budget = 10_000_000)
    {
        var memory = new byte[size];
        var executable = Executable.FromText(ExitText, SbpfVersion.V0, new SyscallRegistry());
        var vm = Vm.Create(executable, new ComputeMeter(budget), [MemoryRegion.CreateWritable(memory, Input)]);
        var logs = new ListLogSink();
        vm.Context.LogSink = logs;
        return new Bn254TestVm(vm, memory, logs);
    }

    public ulong Put(int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Memory.AsSpan(offset));
        return Input + (ulong)offset;
    }

    public void PutU64(int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Memory.AsSpan(offset), value);

    public byte[] Read(ulong address, int length) => Memory.AsSpan((int)(address - Input), length).ToArray();

    /// <summary>Runs a call; returns the error (null on success), r0 and the units charged.</summary>
    public (SyscallError? Error, ulong R0, ulong Cost) Call(ISyscall syscall, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, ulong a4 = 0, ulong a5 = 0)
    {
        ulong before = Remaining;
        var error = syscall.Invoke(Context, a1, a2, a3, a4, a5, out ulong r0);
        return (error, r0, before - Remaining);
    }

    public void Dispose() => Vm.Dispose();
}
