using System.Buffers.Binary;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// The mem ops under bpf_account_data_direct_mapping, on the cases of Agave's mem_ops.rs tests (moved
/// from MM_RODATA_START into the input slot, where this mapping allows several regions).
/// </summary>
public class DirectMappingMemoryTests
{
    private static readonly SolMemmove Memmove = new(directMapping: true);
    private static readonly SolMemcpy Memcpy = new(directMapping: true);
    private static readonly SolMemset Memset = new(directMapping: true);
    private static readonly SolMemcmp Memcmp = new(directMapping: true);

    /// <summary>Writable regions of the given lengths back to back from Input; region i holds i*10 + x.</summary>
    private static (SyscallTestVm Vm, byte[][] Memory) Build(int[] lengths, FakeSyscallHost? host = null)
    {
        var memory = new byte[lengths.Length][];
        var regions = new List<MemoryRegion>();
        ulong at = Input;
        for (int i = 0; i < lengths.Length; i++)
        {
            memory[i] = Enumerable.Range(0, lengths[i]).Select(x => (byte)(i * 10 + x)).ToArray();
            regions.Add(MemoryRegion.CreateWritable(memory[i], at));
            at += (ulong)lengths[i];
        }
        return (Create(regions, host: host ?? new FakeSyscallHost()), memory);
    }

    [Theory]
    [InlineData(new[] { 10 }, 1, 10, 0)]
    [InlineData(new[] { 10 }, 0, 5, 5)]
    [InlineData(new[] { 10 }, 0, 0, 10)]
    [InlineData(new[] { 10 }, 2, 0, 5)]
    [InlineData(new[] { 10 }, 0, 1, 6)]
    [InlineData(new[] { 10 }, 2, 5, 5)]
    [InlineData(new[] { 3, 5 }, 0, 5, 2)]
    [InlineData(new[] { 4, 7 }, 0, 5, 5)]
    [InlineData(new[] { 3, 8 }, 0, 0, 11)]
    [InlineData(new[] { 2, 9 }, 3, 0, 5)]
    [InlineData(new[] { 3, 9 }, 1, 2, 5)]
    [InlineData(new[] { 7, 3 }, 2, 6, 4)]
    [InlineData(new[] { 2, 6, 3, 4 }, 0, 10, 2)]
    [InlineData(new[] { 2, 1, 2, 5, 6 }, 2, 10, 4)]
    [InlineData(new[] { 8, 1, 3, 6 }, 0, 0, 18)]
    [InlineData(new[] { 7, 3, 1, 4, 5 }, 5, 0, 8)]
    [InlineData(new[] { 1, 5, 2, 9, 3 }, 5, 4, 8)]
    [InlineData(new[] { 3, 9, 1, 1, 2, 1 }, 2, 9, 8)]
    public void Memmove_across_regions_matches_a_flat_memmove(int[] lengths, int srcOffset, int dstOffset, int length)
    {
        var (vm, memory) = Build(lengths);
        using (vm)
        {
            var expected = memory.SelectMany(m => m).ToArray();
            Array.Copy(expected, srcOffset, expected, dstOffset, length);
            vm.Ok(Memmove, Input + (ulong)dstOffset, Input + (ulong)srcOffset, (ulong)length);
            Assert.Equal(expected, memory.SelectMany(m => m).ToArray());
        }
    }

    [Fact]
    public void Memset_across_regions_and_into_read_only()
    {
        byte[] m1 = [0x11], m2 = [0x22, 0x22], m3 = [0x33, 0x33, 0x33], m4 = [0x44, 0x44, 0x44, 0x44];
        using var vm = Create([MemoryRegion.CreateReadOnly(m1, Input), MemoryRegion.CreateWritable(m2, Input + 1),
            MemoryRegion.CreateWritable(m3, Input + 3), MemoryRegion.CreateWritable(m4, Input + 6)], host: new FakeSyscallHost());
        vm.Ok(Memset, Input + 1, 0x55, 7);
        Assert.Equal([0x11], m1);
        Assert.Equal([0x55, 0x55], m2);
        Assert.Equal([0x55, 0x55, 0x55], m3);
        Assert.Equal([0x55, 0x55, 0x44, 0x44], m4);
        // The store into the read-only first region is reported for the whole operand.
        SyscallAssert.AccessViolation(vm.Fail(Memset, Input, 0x33, 9).Error, AccessType.Store, Input, 9);
    }

    [Fact]
    public void Memmove_into_read_only_regions()
    {
        using var vm = Create([MemoryRegion.CreateReadOnly(new byte[8], Input), MemoryRegion.CreateReadOnly(new byte[4], Input + 8)], host: new FakeSyscallHost());
        SyscallAssert.AccessViolation(vm.Fail(Memmove, Input, Input + 8, 4).Error, AccessType.Store, Input, 4);
    }

    [Fact]
    public void Memcmp_across_regions()
    {
        var input = new byte[64];
        using var vm = Create([MemoryRegion.CreateReadOnly("foo"u8.ToArray(), Input), MemoryRegion.CreateReadOnly("barbad"u8.ToArray(), Input + 3),
            MemoryRegion.CreateReadOnly("foobarbad"u8.ToArray(), Input + 9), MemoryRegion.CreateWritable(input, Input + 64)], host: new FakeSyscallHost());
        BinaryPrimitives.WriteInt32LittleEndian(input, 99);
        vm.Ok(Memcmp, Input, Input + 9, 9, Input + 64);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(input));
        vm.Ok(Memcmp, Input + 10, Input + 1, 8, Input + 64);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(input));
        vm.Ok(Memcmp, Input + 1, Input + 11, 5, Input + 64);
        Assert.Equal('o' - 'b', BinaryPrimitives.ReadInt32LittleEndian(input)); // "oobar" vs "obarb"
        // The result is translated before the operands.
        SyscallAssert.AccessViolation(vm.Fail(Memcmp, 0x10, 0x20, 4, Input).Error, AccessType.Store, Input, 4);
    }

    [Fact]
    public void Chunk_walk_errors_report_the_whole_operand()
    {
        var region = Enumerable.Repeat((byte)0xFF, 42).ToArray();
        var result = new byte[8];
        using var vm = Create([MemoryRegion.CreateReadOnly(region, Input), MemoryRegion.CreateWritable(result, Input + 64)], host: new FakeSyscallHost());
        // Below the first input region: the heap slot's name.
        var below = vm.Fail(Memcmp, Input - 1, Input, 42, Input + 64).Error;
        SyscallAssert.AccessViolation(below, AccessType.Load, Input - 1, 42);
        Assert.Equal("heap", below.Ebpf!.Section);
        // Past the end: the second chunk fails, reported at the operand's start.
        var past = vm.Fail(Memcmp, Input, Input, 43, Input + 64).Error;
        SyscallAssert.AccessViolation(past, AccessType.Load, Input, 43);
        Assert.Equal("input", past.Ebpf!.Section);
        // The destination runs out first (Agave test_iter_memory_pair_chunks_short, relocated).
        SyscallAssert.AccessViolation(vm.Fail(Memcmp, Input + 30, Input + 40, 8, Input + 64).Error, AccessType.Load, Input + 40, 8);
        // An operand whose end overflows.
        var overflow = vm.Fail(Memcmp, ulong.MaxValue, Input, 1, Input + 64).Error;
        SyscallAssert.AccessViolation(overflow, AccessType.Load, ulong.MaxValue, 1);
        Assert.Equal("unknown", overflow.Ebpf!.Section);
        // Zero bytes touch nothing.
        vm.Ok(Memcmp, 0x10, 0x20, 0, Input + 64);
        vm.Ok(Memmove, 0x10, 0x20, 0);
    }

    [Fact]
    public void Operands_may_not_mix_account_data_with_other_regions()
    {
        // Serialized header [0, 16), account data [16, 24) (original length 8), realloc area [24, 32).
        byte[] header = new byte[16], data = [1, 2, 3, 4, 5, 6, 7, 8], spare = new byte[8];
        var host = new FakeSyscallHost { AccountsMetadata = [new Stratus.Runtime.Serialization.SerializedAccountMetadata(OriginalDataLength: 8, VmAddr: Input, VmKeyAddr: 0, VmLamportsAddr: 0, VmOwnerAddr: 0, VmDataAddr: Input + 16)] };
        using var vm = Create([MemoryRegion.CreateWritable(header, Input), MemoryRegion.CreateWritable(data, Input + 16),
            MemoryRegion.CreateWritable(spare, Input + 24)], host: host);
        Assert.Same(SyscallError.InvalidLength, vm.Fail(Memset, Input + 12, 0, 8).Error);
        Assert.Same(SyscallError.InvalidLength, vm.Fail(Memmove, Input, Input + 12, 8).Error);
        // Data and its realloc area count as account memory together.
        vm.Ok(Memmove, Input + 20, Input + 16, 8);
        Assert.Equal([1, 2, 3, 4, 1, 2, 3, 4], data);
        Assert.Equal([5, 6, 7, 8, 0, 0, 0, 0], spare);
        // For the deprecated loader (no alignment checks) there is no realloc area.
        vm.Context.CheckAligned = false;
        Assert.Same(SyscallError.InvalidLength, vm.Fail(Memset, Input + 20, 0, 8).Error);
    }

    [Fact]
    public void Syscall_context_is_required_and_memcpy_still_checks_overlap_first()
    {
        var (vm, _) = Build([16], new FakeSyscallHost { AccountsMetadata = null });
        using (vm)
        {
            var (error, cost) = vm.Fail(Memmove, Input, Input + 8, 8);
            Assert.Equal("CallDepth", error.InstructionError);
            Assert.Equal(10UL, cost);
            Assert.Same(SyscallFailures.CopyOverlapping, vm.Fail(Memcpy, Input, Input + 4, 8).Error);
        }
        Assert.IsType<SolMemcmp>(RuntimeSyscalls.Create("sol_memcmp_", abortOnInvalidCurve: true, directMapping: true));
    }
}
