using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Tests;

public sealed class MemoryMappingTests
{
    private static (Vm Vm, byte[] Input) NewVm(SbpfVersion v = SbpfVersion.V0, VmConfig? config = null, int heap = 1024, IEnumerable<MemoryRegion>? input = null)
    {
        var text = new Asm().Exit().Build();
        var exe = TestVm.Exe(text, v);
        var bytes = new byte[32];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)i;
        var regions = input ?? [MemoryRegion.CreateWritable(bytes, MemoryLayout.InputStart)];
        return (Vm.Create(exe, new ComputeMeter(1000), regions, config, heap), bytes);
    }

    [Fact]
    public void Loads_and_stores_in_input_heap_and_stack()
    {
        var (vm, input) = NewVm();
        var m = vm.Context.Memory;
        Assert.Null(m.Load(MemoryLayout.InputStart + 4, 4, out var v));
        Assert.Equal(0x07060504UL, v);
        Assert.Null(m.Store(MemoryLayout.InputStart + 30, 2, 0xBEEF));
        Assert.Equal(0xEF, input[30]);
        Assert.Null(m.Store(MemoryLayout.HeapStart + 1016, 8, ulong.MaxValue));
        Assert.Null(m.Load(MemoryLayout.StackStart, 8, out _));
    }

    [Fact]
    public void Access_past_region_end_is_an_access_violation_naming_the_section()
    {
        var (vm, _) = NewVm();
        var m = vm.Context.Memory;
        var e = m.Load(MemoryLayout.InputStart + 29, 4, out _)!;
        Assert.Equal(VmErrorKind.AccessViolation, e.Kind);
        Assert.Equal("input", e.Section);
        Assert.Equal(AccessType.Load, e.AccessType);
        Assert.Equal("Access violation in input section at address 0x40000001d of size 4", e.Message);
        Assert.Equal("heap", m.Store(MemoryLayout.HeapStart + 1024, 1, 0)!.Section);
        Assert.Equal("unknown", m.Load(0x5_0000_0000, 1, out _)!.Section);
        Assert.Equal("unknown", m.Load(0x10, 1, out _)!.Section);
        Assert.Equal("unknown", m.Load(ulong.MaxValue, 1, out _)!.Section);
    }

    [Fact]
    public void Program_region_is_read_only()
    {
        var (vm, _) = NewVm();
        var m = vm.Context.Memory;
        Assert.Null(m.Load(MemoryLayout.ProgramStart, 8, out var op));
        Assert.Equal(0x95UL, op);
        var e = m.Store(MemoryLayout.ProgramStart, 1, 0)!;
        Assert.Equal(VmErrorKind.AccessViolation, e.Kind);
        Assert.Equal("program", e.Section);
        Assert.Equal(AccessType.Store, e.AccessType);
    }

    [Fact]
    public void V0_stack_has_4k_gaps_and_reports_stack_frames()
    {
        var (vm, _) = NewVm();
        var m = vm.Context.Memory;
        Assert.Null(m.Store(MemoryLayout.StackStart + 0x0FF8, 8, 0x1122334455667788));
        var gap = m.Load(MemoryLayout.StackStart + 0x1000, 1, out _)!;
        Assert.Equal(VmErrorKind.StackAccessViolation, gap.Kind);
        Assert.Equal(1, gap.StackFrame);
        Assert.Equal("Access violation in stack frame 1 at address 0x200001000 of size 1", gap.Message);
        // frame 1 starts at 0x2000; it is host offset 0x1000
        Assert.Null(m.Store(MemoryLayout.StackStart + 0x2000, 8, 0xAA));
        Assert.Equal(0xAA, vm.Stack[0x1000]);
        // sbpf only tests the first byte against the gap: an access starting at the end of frame 0
        // runs on into frame 1's host bytes
        Assert.Null(m.Load(MemoryLayout.StackStart + 0x0FFC, 8, out var straddle));
        Assert.Equal(0x000000AA11223344UL, straddle);
        // sbpf divides the distance to the stack start truncating toward zero: up to 8191 bytes below
        // the stack are frames 0 and -1, and only frame numbers up to 64 (in 4 KiB units, gaps included) count as stack frames
        Assert.Equal(0, m.Load(MemoryLayout.StackStart - 8, 8, out _)!.StackFrame);
        Assert.Equal(-1, m.Load(MemoryLayout.StackStart - 4096, 8, out _)!.StackFrame);
        Assert.Equal("program", m.Load(MemoryLayout.StackStart - 8192, 8, out _)!.Section);
        Assert.Equal(63, m.Load(MemoryLayout.StackStart + 63 * 4096, 8, out _)!.StackFrame);
        var far = m.Load(MemoryLayout.StackStart + 65 * 4096, 8, out _)!;
        Assert.Equal(VmErrorKind.AccessViolation, far.Kind);
        Assert.Equal("stack", far.Section);
    }

    [Fact]
    public void Gaps_are_off_for_dynamic_frames_and_when_disabled()
    {
        var (v1, _) = NewVm(SbpfVersion.V1);
        Assert.Null(v1.Context.Memory.Load(MemoryLayout.StackStart + 0x1000, 8, out _));
        var e = v1.Context.Memory.Load(MemoryLayout.StackStart + 64 * 4096, 1, out _)!;
        Assert.Equal(VmErrorKind.AccessViolation, e.Kind);
        Assert.Equal("stack", e.Section);
        Assert.Equal(MemoryLayout.StackStart + 64 * 4096, v1.InitialFramePointer);

        var (v0, _) = NewVm(SbpfVersion.V0, VmConfig.Default with { EnableStackFrameGaps = false });
        Assert.Null(v0.Context.Memory.Load(MemoryLayout.StackStart + 0x1000, 8, out _));
        Assert.Equal(MemoryLayout.StackStart + 4096, v0.InitialFramePointer);
    }

    [Fact]
    public void Split_input_regions_reject_spanning_accesses_and_honour_writability()
    {
        var buffer = new byte[16];
        var parts = new[]
        {
            new MemoryRegion(buffer, 0, 8, MemoryLayout.InputStart, writable: true),
            new MemoryRegion(buffer, 8, 8, MemoryLayout.InputStart + 8, writable: false),
        };
        var (vm, _) = NewVm(input: parts);
        var m = vm.Context.Memory;
        Assert.Null(m.Load(MemoryLayout.InputStart + 4, 4, out _));
        Assert.Null(m.Load(MemoryLayout.InputStart + 8, 8, out _));
        Assert.Equal(VmErrorKind.AccessViolation, m.Load(MemoryLayout.InputStart + 6, 4, out _)!.Kind);
        Assert.Null(m.Store(MemoryLayout.InputStart + 7, 1, 1));
        Assert.Equal(VmErrorKind.AccessViolation, m.Store(MemoryLayout.InputStart + 8, 1, 1)!.Kind);
    }

    [Fact]
    public void Read_only_region_starting_inside_its_slot()
    {
        var text = new Asm().Exit().Build();
        var exe = new Executable
        {
            Version = SbpfVersion.V0, Text = text, TextVaddr = MemoryLayout.ProgramStart + 0x100,
            ReadOnlyRegion = text, ReadOnlyRegionVaddr = MemoryLayout.ProgramStart + 0x100, EntryPc = 0,
            Functions = new FunctionRegistry(), Syscalls = new SyscallRegistry(),
        };
        using var vm = Vm.Create(exe, new ComputeMeter(10), new byte[4]);
        Assert.Null(vm.Context.Memory.Load(MemoryLayout.ProgramStart + 0x100, 1, out _));
        Assert.Equal("program", vm.Context.Memory.Load(MemoryLayout.ProgramStart + 0xFF, 1, out _)!.Section);
    }

    [Fact]
    public void Invalid_layouts_are_rejected()
    {
        var exe = TestVm.Exe(new Asm().Exit().Build());
        var overlapping = new[]
        {
            MemoryRegion.CreateWritable(new byte[8], MemoryLayout.InputStart),
            MemoryRegion.CreateWritable(new byte[8], MemoryLayout.InputStart + 4),
        };
        var e = Vm.TryCreate(exe, new ComputeMeter(1), overlapping, out _);
        Assert.Equal(VmErrorKind.InvalidMemoryRegion, e!.Kind);
        var tooHigh = new[] { MemoryRegion.CreateWritable(new byte[8], 0x5_0000_0000) };
        Assert.NotNull(Vm.TryCreate(exe, new ComputeMeter(1), tooHigh, out _));
        Assert.Throws<ArgumentException>(() => Vm.Create(exe, new ComputeMeter(1), tooHigh));
    }

    [Fact]
    public void Huge_lengths_fail_cleanly()
    {
        var (vm, _) = NewVm();
        Assert.False(vm.Context.Memory.TryMap(AccessType.Load, MemoryLayout.InputStart, ulong.MaxValue, out _, out var error));
        Assert.Equal(VmErrorKind.AccessViolation, error!.Kind);
        Assert.True(vm.Context.Memory.TryMap(AccessType.Load, MemoryLayout.InputStart + 32, 0, out var empty, out _));
        Assert.True(empty.IsEmpty);
    }
}
