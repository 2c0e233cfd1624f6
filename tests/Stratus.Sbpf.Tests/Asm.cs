using System.Buffers.Binary;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Tests;

/// <summary>Tiny sBPF assembler for tests: one call per slot.</summary>
internal sealed class Asm
{
    private readonly List<byte> _bytes = new();

    public int Pc => _bytes.Count / 8;

    public Asm I(byte op, int dst = 0, int src = 0, short off = 0, int imm = 0)
    {
        Span<byte> s = stackalloc byte[8];
        s[0] = op;
        s[1] = (byte)((dst & 0xF) | ((src & 0xF) << 4));
        BinaryPrimitives.WriteInt16LittleEndian(s.Slice(2), off);
        BinaryPrimitives.WriteInt32LittleEndian(s.Slice(4), imm);
        _bytes.AddRange(s.ToArray());
        return this;
    }

    public Asm Lddw(int dst, ulong value) =>
        I(Opcodes.Lddw, dst, imm: unchecked((int)(uint)value)).I(0, imm: unchecked((int)(uint)(value >> 32)));

    /// <summary>Loads a 64-bit constant: lddw (V0/V1) or mov32 + hor64 (V2+).</summary>
    public Asm Set(int dst, ulong value, SbpfVersion version) => version >= SbpfVersion.V2
        ? I(Opcodes.Mov32Imm, dst, imm: unchecked((int)(uint)value)).I(Opcodes.Hor64Imm, dst, imm: unchecked((int)(uint)(value >> 32)))
        : Lddw(dst, value);

    public Asm Mov(int dst, int imm) => I(Opcodes.Mov64Imm, dst, imm: imm);

    public Asm MovReg(int dst, int src) => I(Opcodes.Mov64Reg, dst, src);

    public Asm Exit() => I(Opcodes.Exit);

    public byte[] Build() => _bytes.ToArray();
}

/// <summary>Builds and runs programs with the production VM.</summary>
internal static class TestVm
{
    public static Executable Exe(byte[] text, SbpfVersion version = SbpfVersion.V0, SyscallRegistry? syscalls = null, FunctionRegistry? functions = null) =>
        Executable.FromText(text, version, syscalls ?? new SyscallRegistry(), functions);

    public static (VmResult Result, Vm Vm, ComputeMeter Meter) Run(byte[] text, SbpfVersion version = SbpfVersion.V0, ulong budget = 10_000,
        byte[]? input = null, SyscallRegistry? syscalls = null, FunctionRegistry? functions = null, VmConfig? config = null, bool verify = true,
        ListLogSink? log = null)
    {
        var exe = Exe(text, version, syscalls, functions);
        if (verify)
        {
            var error = exe.Verify(config?.Dialect ?? SbpfDialect.Sbpf0_10);
            Assert.True(error == null, $"verifier: {error?.Message}");
        }
        var meter = new ComputeMeter(budget);
        var vm = Vm.Create(exe, meter, [MemoryRegion.CreateWritable(input ?? new byte[16], MemoryLayout.InputStart)], config);
        vm.Context.LogSink = log;
        var result = vm.Execute();
        return (result, vm, meter);
    }

    public static ulong R0(byte[] text, SbpfVersion version = SbpfVersion.V0, byte[]? input = null)
    {
        var (result, _, _) = Run(text, version, input: input);
        Assert.True(result.IsOk, result.ToString());
        return result.ReturnValue;
    }
}
