using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Tests;

/// <summary>
/// Split input regions as Agave 2.2 maps them under direct mapping: sbpf's unaligned mapping lets an
/// access run across adjacent regions, and a region's writability and host buffer can change while the
/// program runs (what CPI does to the caller's account regions).
/// </summary>
public sealed class InputRegionUpdateTests
{
    private static readonly VmConfig Unaligned = VmConfig.Default with { AlignedMemoryMapping = false };

    private static int Key(string name) => unchecked((int)Murmur3.SyscallKey(name));

    /// <summary>Three 8-byte regions from 0x4_0000_0000: two writable, the last read-only.</summary>
    private static MemoryRegion[] ThreeParts(out byte[] a, out byte[] b, out byte[] c)
    {
        a = [0, 1, 2, 3, 4, 5, 6, 7];
        b = [8, 9, 10, 11, 12, 13, 14, 15];
        c = [16, 17, 18, 19, 20, 21, 22, 23];
        return
        [
            new MemoryRegion(a, 0, 8, MemoryLayout.InputStart, writable: true),
            new MemoryRegion(b, 0, 8, MemoryLayout.InputStart + 8, writable: true),
            new MemoryRegion(c, 0, 8, MemoryLayout.InputStart + 16, writable: false),
        ];
    }

    private static VmResult Run(Asm program, MemoryRegion[] input, VmConfig config, SyscallRegistry? syscalls = null)
    {
        var exe = TestVm.Exe(program.Build(), SbpfVersion.V0, syscalls);
        using var vm = Vm.Create(exe, new ComputeMeter(1_000), input, config);
        return vm.Execute();
    }

    [Fact]
    public void Unaligned_mapping_loads_and_stores_across_adjacent_input_regions()
    {
        var parts = ThreeParts(out var a, out var b, out _);
        var program = new Asm().Lddw(1, MemoryLayout.InputStart)
            .I(Opcodes.Ldxdw, 0, 1, off: 4)
            .I(Opcodes.Stxdw, 1, 0, off: 2)
            .Exit();
        var result = Run(program, parts, Unaligned);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(0x0B0A_0908_0706_0504UL, result.ReturnValue);
        Assert.Equal(new byte[] { 0, 1, 4, 5, 6, 7, 8, 9 }, a);
        Assert.Equal(new byte[] { 10, 11, 10, 11, 12, 13, 14, 15 }, b);
    }

    [Fact]
    public void Spanning_store_into_a_read_only_region_is_an_access_violation_for_the_whole_store()
    {
        var parts = ThreeParts(out _, out _, out var c);
        var program = new Asm().Lddw(1, MemoryLayout.InputStart).Lddw(2, ulong.MaxValue)
            .I(Opcodes.Stxdw, 1, 2, off: 12)
            .Exit();
        var result = Run(program, parts, Unaligned);
        var error = Assert.IsType<VmError>(result.Error);
        Assert.Equal(VmErrorKind.AccessViolation, error.Kind);
        Assert.Equal(AccessType.Store, error.AccessType);
        Assert.Equal(MemoryLayout.InputStart + 12, error.Address);
        Assert.Equal(8UL, error.Size);
        Assert.Equal(new byte[] { 16, 17, 18, 19, 20, 21, 22, 23 }, c);
    }

    [Fact]
    public void Aligned_mapping_keeps_every_access_inside_one_region()
    {
        var program = new Asm().Lddw(1, MemoryLayout.InputStart).I(Opcodes.Ldxdw, 0, 1, off: 4).Exit();
        var error = Assert.IsType<VmError>(Run(program, ThreeParts(out _, out _, out _), VmConfig.Default).Error);
        Assert.Equal(VmErrorKind.AccessViolation, error.Kind);
        Assert.Equal(MemoryLayout.InputStart + 4, error.Address);
    }

    [Fact]
    public void Spanning_access_past_the_last_region_fails()
    {
        var parts = ThreeParts(out _, out _, out _);
        var exe = TestVm.Exe(new Asm().Exit().Build());
        using var vm = Vm.Create(exe, new ComputeMeter(10), parts, Unaligned);
        var m = vm.Context.Memory;
        Assert.Null(m.Load(MemoryLayout.InputStart + 6, 4, out var value));
        Assert.Equal(0x0908_0706UL, value);
        Assert.Equal(VmErrorKind.AccessViolation, m.Load(MemoryLayout.InputStart + 20, 8, out _)!.Kind);
    }

    [Fact]
    public void Find_region_returns_the_region_holding_the_address_or_a_load_violation()
    {
        var parts = ThreeParts(out _, out var b, out _);
        var exe = TestVm.Exe(new Asm().Exit().Build());
        using var vm = Vm.Create(exe, new ComputeMeter(10), parts, Unaligned);
        Assert.Null(vm.Context.Memory.FindRegion(MemoryLayout.InputStart + 9, out var region));
        Assert.Same(b, region!.Buffer);
        var error = vm.Context.Memory.FindRegion(MemoryLayout.InputStart + 24, out region);
        Assert.Null(region);
        Assert.Equal(VmErrorKind.AccessViolation, error!.Kind);
        Assert.Equal(AccessType.Load, error.AccessType);
        Assert.Equal(0UL, error.Size);
    }

    /// <summary>A syscall standing in for a CPI: re-points the middle region and flips the last one writable.</summary>
    private sealed class RemapSyscall(byte[] replacement) : ISyscall
    {
        public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            r0 = 0;
            vm.Memory.FindRegion(MemoryLayout.InputStart + 8, out var middle);
            vm.Memory.Remap(middle!, replacement, 0);
            vm.Memory.FindRegion(MemoryLayout.InputStart + 16, out var last);
            vm.Memory.SetWritable(last!, true);
            return null;
        }
    }

    [Fact]
    public void Regions_changed_during_a_run_are_seen_by_the_following_instructions()
    {
        var parts = ThreeParts(out _, out var oldMiddle, out var c);
        var replacement = new byte[] { 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xFF };
        var syscalls = new SyscallRegistry();
        syscalls.Register("remap_", new RemapSyscall(replacement));
        var program = new Asm()
            .I(Opcodes.CallImm, imm: Key("remap_"))
            .Lddw(1, MemoryLayout.InputStart)
            .I(Opcodes.Ldxdw, 0, 1, off: 8)
            .Mov(2, 0x5A)
            .I(Opcodes.Stxb, 1, 2, off: 16)
            .Exit();
        var result = Run(program, parts, Unaligned, syscalls);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(0xA7A6_A5A4_A3A2_A1A0UL, result.ReturnValue);
        Assert.Equal(0x5A, c[0]);
        Assert.Equal(8, oldMiddle[0]);
    }

    [Fact]
    public void Remap_refuses_a_buffer_shorter_than_the_region()
    {
        var parts = ThreeParts(out _, out _, out _);
        var exe = TestVm.Exe(new Asm().Exit().Build());
        using var vm = Vm.Create(exe, new ComputeMeter(10), parts, Unaligned);
        Assert.Throws<ArgumentOutOfRangeException>(() => vm.Context.Memory.Remap(parts[1], new byte[7], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => vm.Context.Memory.Remap(parts[1], new byte[8], 1));
    }
}
