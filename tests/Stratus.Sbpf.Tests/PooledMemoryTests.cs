using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Tests;

/// <summary>
/// Stack and heap buffers are pooled per thread and only the part a VM could reach is zeroed when it is
/// disposed: a later VM must still never see an earlier one's bytes, wherever and however they were written.
/// </summary>
public sealed class PooledMemoryTests
{
    // Heap start and end, stack frame 0, a frame far up the stack reached by address arithmetic, the stack's
    // last bytes (V0: frame 63 is at 63 * 8 KiB in the gapped address space).
    private static readonly ulong[] V0Spots =
    [
        MemoryLayout.HeapStart, MemoryLayout.HeapStart + Vm.DefaultHeapSize - 8,
        MemoryLayout.StackStart, MemoryLayout.StackStart + 0x1000 - 8,
        MemoryLayout.StackStart + 5 * 0x2000 + 0x800, MemoryLayout.StackStart + 63 * 0x2000 + 0x1000 - 8,
    ];

    private static readonly ulong[] V1Spots =
    [
        MemoryLayout.HeapStart, MemoryLayout.HeapStart + 0x4000,
        MemoryLayout.StackStart, MemoryLayout.StackStart + 0x20000, MemoryLayout.StackStart + 0x40000 - 8,
    ];

    private static byte[] Writer(ulong[] spots)
    {
        var a = new Asm();
        foreach (var spot in spots)
            a.Lddw(1, spot).I(Opcodes.Stdw, 1, imm: -1);
        return a.Mov(0, 0).Exit().Build();
    }

    private static byte[] Reader(ulong[] spots)
    {
        var a = new Asm().Mov(0, 0);
        foreach (var spot in spots)
            a.Lddw(1, spot).I(Opcodes.Ldxdw, 2, 1).I(Opcodes.Or64Reg, 0, 2);
        return a.Exit().Build();
    }

    [Theory]
    [InlineData(SbpfVersion.V0)]
    [InlineData(SbpfVersion.V1)]
    public void A_program_never_reads_what_an_earlier_program_left_in_the_stack_or_heap(SbpfVersion version)
    {
        var spots = version == SbpfVersion.V0 ? V0Spots : V1Spots;
        for (int round = 0; round < 3; round++)
        {
            var (written, writer, _) = TestVm.Run(Writer(spots), version, verify: false);
            Assert.True(written.IsOk, written.ToString());
            writer.Dispose();
            var (read, reader, _) = TestVm.Run(Reader(spots), version, verify: false);
            Assert.True(read.IsOk, read.ToString());
            Assert.Equal(0UL, read.ReturnValue);
            reader.Dispose();
        }
    }

    [Fact]
    public void Bytes_written_through_the_mapping_or_the_spans_are_cleared_too()
    {
        var text = new Asm().Mov(0, 0).Exit().Build();
        var (_, first, _) = TestVm.Run(text);
        Assert.Null(first.Context.Memory.Store(MemoryLayout.StackStart + 40 * 0x2000 + 16, 8, ulong.MaxValue));
        Assert.Null(first.Context.Memory.Store(MemoryLayout.HeapStart + 0x6000, 8, ulong.MaxValue));
        first.Stack[^1] = 0xAB;
        first.Heap[^1] = 0xCD;
        first.Dispose();
        var (_, second, _) = TestVm.Run(text);
        Assert.True(second.Stack.IndexOfAnyExcept((byte)0) < 0, "stale stack bytes");
        Assert.True(second.Heap.IndexOfAnyExcept((byte)0) < 0, "stale heap bytes");
        second.Dispose();
    }
}
