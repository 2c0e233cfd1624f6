using System.Buffers.Binary;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// Runs hand-assembled SBPF v0 programs over a serialized input, and gives tests the guest's view of
/// the input through the VM's own memory mapping (so region permissions apply).
/// </summary>
internal sealed class TestVm : IDisposable
{
    private readonly Vm _vm;

    public TestVm(SerializedInput input, Program? program = null)
    {
        var text = (program ?? new Program()).Exit(0).ToText();
        var exe = Executable.FromText(text, SbpfVersion.V0, new SyscallRegistry());
        _vm = Vm.Create(exe, new ComputeMeter(100_000), input.CreateMemoryRegions());
    }

    public MemoryMapping Memory => _vm.Context.Memory;

    public VmResult Execute() => _vm.Execute();

    /// <summary>A guest store of <paramref name="bytes"/>; null on success, else the VM's error.</summary>
    public VmError? Write(ulong vaddr, ReadOnlySpan<byte> bytes)
    {
        if (!Memory.TryMap(AccessType.Store, vaddr, (ulong)bytes.Length, out var span, out var error)) return error;
        bytes.CopyTo(span);
        return null;
    }

    public VmError? WriteU64(ulong vaddr, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Write(vaddr, bytes);
    }

    public byte[] Read(ulong vaddr, int length)
    {
        var result = new byte[length];
        for (int i = 0; i < length; i++)
        {
            var error = Memory.Load(vaddr + (ulong)i, 1, out ulong b);
            if (error != null) throw new InvalidOperationException($"guest read at 0x{vaddr + (ulong)i:x}: {error.Message}");
            result[i] = (byte)b;
        }
        return result;
    }

    public ulong ReadU64(ulong vaddr) => BinaryPrimitives.ReadUInt64LittleEndian(Read(vaddr, 8));

    public void Dispose() => _vm.Dispose();

    /// <summary>A straight-line SBPF v0 program of absolute stores, ending in <c>exit</c>.</summary>
    internal sealed class Program
    {
        private readonly List<byte> _text = [];

        private Program Insn(byte opcode, int dst, int src, short offset, int imm)
        {
            _text.Add(opcode);
            _text.Add((byte)(dst | (src << 4)));
            _text.Add((byte)offset);
            _text.Add((byte)(offset >> 8));
            for (int i = 0; i < 4; i++) _text.Add((byte)(imm >> (8 * i)));
            return this;
        }

        private Program Lddw(int dst, ulong value) =>
            Insn(Opcodes.Lddw, dst, 0, 0, (int)(uint)value).Insn(0, 0, 0, 0, (int)(uint)(value >> 32));

        /// <summary>*(u64*)vaddr = value.</summary>
        public Program StoreU64(ulong vaddr, ulong value) =>
            Lddw(3, vaddr).Lddw(2, value).Insn(Opcodes.Stxdw, 3, 2, 0, 0);

        /// <summary>*(u64*)vaddr += delta (wrapping).</summary>
        public Program AddU64(ulong vaddr, long delta) =>
            Lddw(3, vaddr).Insn(Opcodes.Ldxdw, 2, 3, 0, 0).Lddw(4, unchecked((ulong)delta)).Insn(Opcodes.Add64Reg, 2, 4, 0, 0).Insn(Opcodes.Stxdw, 3, 2, 0, 0);

        /// <summary>*(u8*)vaddr = value.</summary>
        public Program StoreU8(ulong vaddr, byte value) => Lddw(3, vaddr).Insn(Opcodes.Stb, 3, 0, 0, value);

        public Program Exit(int r0) => Insn(Opcodes.Mov64Imm, 0, 0, 0, r0).Insn(0x95, 0, 0, 0, 0);

        public byte[] ToText() => _text.ToArray();
    }
}
