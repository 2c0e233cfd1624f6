using System.Buffers.Binary;
using Stratus.Core.Transactions;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

public class MemorySyscallTests
{
    private static byte[] Counting(int n) => Enumerable.Range(0, n).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(0UL, 10UL)]
    [InlineData(2_499UL, 10UL)]
    [InlineData(2_500UL, 10UL)]
    [InlineData(2_750UL, 11UL)]
    [InlineData(10_000UL, 40UL)]
    public void Mem_op_cost_is_max_of_base_and_bytes_over_250(ulong n, ulong expected)
    {
        var input = new byte[20_000];
        using var vm = Create(input);
        Assert.Equal(expected, vm.Ok(SolMemset.Instance, Input, 0, n).Cost);
        Assert.Equal(expected, vm.Ok(SolMemcpy.Instance, Input + 10_000, Input, n).Cost);
        Assert.Equal(expected, vm.Ok(SolMemmove.Instance, Input, Input + 1, n).Cost);
        Assert.Equal(expected, vm.Ok(SolMemcmp.Instance, Input, Input, n, Input + 19_996).Cost);
    }

    [Fact]
    public void Memcpy_copies_and_refuses_overlap()
    {
        var input = Counting(64);
        using var vm = Create(input);
        vm.Ok(SolMemcpy.Instance, Input + 32, Input, 16);
        Assert.Equal(Counting(16), input[32..48]);
        // Adjacent ranges do not overlap.
        vm.Ok(SolMemcpy.Instance, Input + 16, Input, 16);
        var (error, cost) = vm.Fail(SolMemcpy.Instance, Input + 8, Input, 16);
        Assert.Same(SyscallFailures.CopyOverlapping, error);
        Assert.Equal("Overlapping copy", error.Message);
        Assert.Equal(10UL, cost);
        SyscallAssert.Kind(SyscallErrorKind.CopyOverlapping, vm.Fail(SolMemcpy.Instance, Input, Input + 8, 16).Error);
        // The overlap test is on guest addresses before translation: unmapped overlapping ranges still say CopyOverlapping.
        Assert.Same(SyscallFailures.CopyOverlapping, vm.Fail(SolMemcpy.Instance, 8, 0, 16).Error);
        vm.Ok(SolMemcpy.Instance, Input, Input, 0);
    }

    [Fact]
    public void Memmove_handles_overlap_like_memmove()
    {
        var input = Counting(32);
        using var vm = Create(input);
        vm.Ok(SolMemmove.Instance, Input + 4, Input, 16);
        Assert.Equal(Counting(16), input[4..20]);
        input = Counting(32);
        using var vm2 = Create(input);
        vm2.Ok(SolMemmove.Instance, Input, Input + 4, 16);
        Assert.Equal(Counting(20)[4..], input[..16]);
    }

    [Fact]
    public void Mem_ops_translate_destination_first()
    {
        var readOnly = MemoryRegion.CreateReadOnly(new byte[32], Input);
        using var vm = Create([readOnly]);
        // dst is read-only and src unmapped: the store translation fails first.
        var (error, _) = vm.Fail(SolMemmove.Instance, Input, 0x10, 8);
        SyscallAssert.AccessViolation(error, AccessType.Store, Input, 8);
        SyscallAssert.AccessViolation(vm.Fail(SolMemcpy.Instance, Input + 8, 0x10, 8).Error, AccessType.Store, Input + 8, 8);
        SyscallAssert.AccessViolation(vm.Fail(SolMemset.Instance, Input, 1, 8).Error, AccessType.Store, Input, 8);
        // A writable heap destination with an unmapped source fails on the load.
        SyscallAssert.AccessViolation(vm.Fail(SolMemcpy.Instance, Heap, 0x10, 8).Error, AccessType.Load, 0x10, 8);
    }

    [Fact]
    public void Operands_may_not_span_two_input_regions()
    {
        // Without direct mapping (never active in 2.2) an operand is one contiguous translation.
        var first = MemoryRegion.CreateWritable(Counting(16), Input);
        var second = MemoryRegion.CreateWritable(new byte[16], Input + 16);
        using var vm = Create([first, second]);
        vm.Ok(SolMemcpy.Instance, Input + 16, Input, 16);
        Assert.Equal(Counting(16), second.Buffer);
        SyscallAssert.AccessViolation(vm.Fail(SolMemcpy.Instance, Heap, Input + 8, 16).Error, AccessType.Load, Input + 8, 16);
        SyscallAssert.AccessViolation(vm.Fail(SolMemset.Instance, Input + 8, 0, 16).Error, AccessType.Store, Input + 8, 16);
        SyscallAssert.AccessViolation(vm.Fail(SolMemcmp.Instance, Input + 8, Input, 16, Heap).Error, AccessType.Load, Input + 8, 16);
    }

    [Fact]
    public void Memset_uses_the_low_byte()
    {
        var input = new byte[16];
        using var vm = Create(input);
        vm.Ok(SolMemset.Instance, Input + 2, 0x1234_5678, 4);
        Assert.Equal(new byte[] { 0, 0, 0x78, 0x78, 0x78, 0x78, 0, 0 }, input[..8]);
    }

    [Fact]
    public void Memcmp_writes_the_first_difference_as_i32()
    {
        var input = new byte[64];
        "abcdabcd1234"u8.CopyTo(input.AsSpan(0));
        "abcdabcd1234"u8.CopyTo(input.AsSpan(16));
        "Bbcdabcd1234"u8.CopyTo(input.AsSpan(32));
        using var vm = Create(input);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(60), 77);
        vm.Ok(SolMemcmp.Instance, Input, Input + 16, 12, Input + 60);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(60)));
        vm.Ok(SolMemcmp.Instance, Input + 32, Input, 12, Input + 60);
        Assert.Equal('B' - 'a', BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(60)));
        vm.Ok(SolMemcmp.Instance, Input, Input + 32, 12, Input + 60);
        Assert.Equal('a' - 'B', BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(60)));
        // n = 0 compares nothing (no translation of the operands).
        vm.Ok(SolMemcmp.Instance, 0, 0, 0, Input + 60);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(60)));
    }

    [Fact]
    public void Memcmp_result_checks()
    {
        var input = new byte[64];
        using var vm = Create(input);
        SyscallAssert.Kind(SyscallErrorKind.UnalignedPointer, vm.Fail(SolMemcmp.Instance, Input, Input, 4, Input + 58).Error);
        SyscallAssert.AccessViolation(vm.Fail(SolMemcmp.Instance, Input, Input, 4, Program).Error, AccessType.Store, Program, 4);
        SyscallAssert.AccessViolation(vm.Fail(SolMemcmp.Instance, Input, 0x8, 4, Input).Error, AccessType.Load, 0x8, 4);
        vm.Context.CheckAligned = false;
        vm.Ok(SolMemcmp.Instance, Input, Input, 4, Input + 57);
    }

    [Fact]
    public void Mem_ops_out_of_budget()
    {
        using var vm = Create(new byte[16], budget: 9);
        SyscallAssert.BudgetExceeded(vm.Fail(SolMemset.Instance, Input, 0, 1).Error);
    }

    [Fact]
    public void Alloc_free_bumps_the_heap_for_free()
    {
        var host = new FakeSyscallHost { Allocator = new BpfAllocator(100) };
        using var vm = Create(new byte[8], host: host);
        Assert.Equal((Heap, 0UL), vm.Ok(SolAllocFree.Instance, 3));
        Assert.Equal((Heap + 8, 0UL), vm.Ok(SolAllocFree.Instance, 16));
        // Frees are ignored; the allocator never reuses memory.
        Assert.Equal((0UL, 0UL), vm.Ok(SolAllocFree.Instance, 16, Heap));
        Assert.Equal((Heap + 24, 0UL), vm.Ok(SolAllocFree.Instance, 76));
        Assert.Equal((0UL, 0UL), vm.Ok(SolAllocFree.Instance, 1));
        Assert.Equal((0UL, 0UL), vm.Ok(SolAllocFree.Instance, ulong.MaxValue));

        var unaligned = new FakeSyscallHost { Allocator = new BpfAllocator(100) };
        using var deprecated = Create(new byte[8], host: unaligned);
        deprecated.Context.CheckAligned = false;
        Assert.Equal(Heap, deprecated.Ok(SolAllocFree.Instance, 3).R0);
        Assert.Equal(Heap + 3, deprecated.Ok(SolAllocFree.Instance, 3).R0);
    }

    [Fact]
    public void Alloc_free_without_syscall_context_is_call_depth()
    {
        using var vm = Create(new byte[8], host: new FakeSyscallHost { Allocator = null });
        var (error, _) = vm.Fail(SolAllocFree.Instance, 8);
        Assert.Equal(SyscallErrorKind.InstructionError, error.Kind);
        Assert.Equal(nameof(InstructionErrorKind.CallDepth), error.InstructionError);
        // An impossible layout returns 0 before the context is consulted.
        Assert.Equal(0UL, vm.Ok(SolAllocFree.Instance, ulong.MaxValue).R0);
    }
}
