using Stratus.Sbpf;

namespace Stratus.Sbpf.Tests;

/// <summary>sbpf 0.10.1 metering: 1 unit per instruction, checked before each one; settled at syscalls and at the end.</summary>
public sealed class MeteringTests
{
    private static readonly byte[] ThreeInstructions = new Asm().Mov(0, 1).Mov(1, 2).Exit().Build();

    [Fact]
    public void Exact_budget_suffices()
    {
        var (result, _, meter) = TestVm.Run(ThreeInstructions, budget: 3);
        Assert.True(result.IsOk);
        Assert.Equal(3UL, result.ComputeUnitsConsumed);
        Assert.Equal(0UL, meter.Remaining);
    }

    [Fact]
    public void One_unit_short_fails_before_the_last_instruction()
    {
        var (result, vm, meter) = TestVm.Run(ThreeInstructions, budget: 2);
        Assert.Equal(VmErrorKind.ExceededMaxInstructions, result.Error!.Kind);
        Assert.Equal("exceeded CUs meter at BPF instruction", result.Error.Message);
        Assert.Equal(2UL, vm.Pc);
        Assert.Equal(2UL, result.ComputeUnitsConsumed);
        Assert.Equal(0UL, meter.Remaining);
    }

    [Fact]
    public void Zero_budget_fails_at_the_entry()
    {
        var (result, vm, _) = TestVm.Run(ThreeInstructions, budget: 0);
        Assert.Equal(VmErrorKind.ExceededMaxInstructions, result.Error!.Kind);
        Assert.Equal(0UL, vm.Pc);
        Assert.Equal(0UL, result.ComputeUnitsConsumed);
    }

    [Fact]
    public void Infinite_loop_runs_out_of_units()
    {
        var (result, _, meter) = TestVm.Run(new Asm().I(Opcodes.Ja, off: -1).Build(), budget: 12345);
        Assert.Equal(VmErrorKind.ExceededMaxInstructions, result.Error!.Kind);
        Assert.Equal(12345UL, result.ComputeUnitsConsumed);
        Assert.Equal(0UL, meter.Remaining);
    }

    [Fact]
    public void A_fault_charges_the_faulting_instruction()
    {
        var p = new Asm().Mov(0, 0).Mov(1, 1).I(Opcodes.Ldxdw, 0, 0).Exit();
        var (result, vm, meter) = TestVm.Run(p.Build(), budget: 100);
        Assert.Equal(VmErrorKind.AccessViolation, result.Error!.Kind);
        Assert.Equal(2UL, vm.Pc);
        Assert.Equal(3UL, result.ComputeUnitsConsumed);
        Assert.Equal(97UL, meter.Remaining);
    }

    [Fact]
    public void Metering_off_runs_unbounded_and_charges_nothing()
    {
        var (result, _, meter) = TestVm.Run(ThreeInstructions, budget: 0, config: VmConfig.Default with { EnableInstructionMeter = false });
        Assert.True(result.IsOk);
        Assert.Equal(0UL, result.ComputeUnitsConsumed);
        Assert.Equal(0UL, meter.Remaining);
    }

    [Fact]
    public void Meter_is_settled_before_a_syscall_and_reread_after()
    {
        var syscalls = new SyscallRegistry();
        var probe = new MeterProbe();
        syscalls.Register("probe", probe);
        var p = new Asm().Mov(1, 0).Mov(2, 0).I(Opcodes.CallImm, imm: unchecked((int)Murmur3.SyscallKey("probe"))).Mov(3, 0).Exit();
        var (result, _, meter) = TestVm.Run(p.Build(), budget: 1000, syscalls: syscalls);
        Assert.True(result.IsOk);
        // three instructions (the call included) were charged before the syscall ran
        Assert.Equal(997UL, probe.Seen);
        // the probe took 500; two more instructions afterwards
        Assert.Equal(1000UL - 3 - 500 - 2, meter.Remaining);
        Assert.Equal(505UL, result.ComputeUnitsConsumed);
    }

    [Fact]
    public void Syscall_that_exhausts_the_meter_leaves_zero_and_fails_with_its_error()
    {
        var syscalls = new SyscallRegistry();
        syscalls.Register("probe", new MeterProbe());
        var p = new Asm().I(Opcodes.CallImm, imm: unchecked((int)Murmur3.SyscallKey("probe"))).Exit();
        var (result, _, meter) = TestVm.Run(p.Build(), budget: 400, syscalls: syscalls);
        Assert.True(result.Error!.IsSyscallError);
        Assert.Equal("Computational budget exceeded", result.Error.Syscall!.Message);
        Assert.Equal("ComputationalBudgetExceeded", result.Error.Syscall.InstructionError);
        Assert.Equal(0UL, meter.Remaining);
        Assert.Equal(400UL, result.ComputeUnitsConsumed);
    }

    [Fact]
    public void Units_the_syscall_leaves_bound_the_rest_of_the_run()
    {
        var syscalls = new SyscallRegistry();
        syscalls.Register("probe", new MeterProbe());
        // budget 503: call (1) + probe (500) leaves 2: one for the mov, then the exit runs out
        var p = new Asm().I(Opcodes.CallImm, imm: unchecked((int)Murmur3.SyscallKey("probe"))).Mov(0, 0).Mov(0, 0).Exit();
        var (result, vm, meter) = TestVm.Run(p.Build(), budget: 503, syscalls: syscalls);
        Assert.Equal(VmErrorKind.ExceededMaxInstructions, result.Error!.Kind);
        Assert.Equal(3UL, vm.Pc);
        Assert.Equal(0UL, meter.Remaining);
    }

    private sealed class MeterProbe : ISyscall
    {
        public ulong Seen;

        public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            Seen = vm.Meter.Remaining;
            r0 = 0;
            return vm.ConsumeChecked(500);
        }
    }
}

public sealed class RuntimeDefaultsTests
{
    [Theory]
    [InlineData(0u, 0UL)]
    [InlineData(32u * 1024, 0UL)]
    [InlineData(32u * 1024 + 1, 8UL)]
    [InlineData(64u * 1024, 8UL)]
    [InlineData(256u * 1024, 56UL)]
    public void Heap_cost_is_8_units_per_extra_32k_page(uint heap, ulong cost) => Assert.Equal(cost, VmConfig.HeapCost(heap));

    [Fact]
    public void Agave_config()
    {
        var c = VmConfig.ForAgave();
        Assert.Equal(64, c.MaxCallDepth);
        Assert.Equal(4096, c.StackFrameSize);
        Assert.Equal(256 * 1024, c.StackSize);
        Assert.True(c.EnableStackFrameGaps);
        Assert.True(c.EnableInstructionMeter);
        Assert.Equal(SbpfDialect.Sbpf0_10, c.Dialect);
        Assert.False(VmConfig.ForAgave(directMapping: true).EnableStackFrameGaps);
    }

    [Fact]
    public void Failures_other_than_syscall_errors_deplete_the_meter_under_simd_0182()
    {
        var fault = TestVm.Run(new Asm().I(Opcodes.Ldxdw, 0, 0).Exit().Build()).Result;
        Assert.True(fault.DepletesMeterOnFailure);
        var syscalls = Syscalls.BasicSyscalls.Register(new SyscallRegistry());
        var abort = TestVm.Run(new Asm().I(Opcodes.CallImm, imm: unchecked((int)Murmur3.SyscallKey("abort"))).Exit().Build(), syscalls: syscalls).Result;
        Assert.False(abort.DepletesMeterOnFailure);
        Assert.False(TestVm.Run(new Asm().Exit().Build()).Result.DepletesMeterOnFailure);
    }
}
