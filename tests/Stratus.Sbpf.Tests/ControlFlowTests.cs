using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Tests;

public sealed class ControlFlowTests
{
    private static FunctionRegistry Functions(SbpfVersion v, params ulong[] pcs)
    {
        var f = new FunctionRegistry();
        f.TryRegister(v >= SbpfVersion.V3 ? 0 : Murmur3.SyscallKey("entrypoint"), "entrypoint", 0);
        foreach (var pc in pcs) f.TryRegister(v >= SbpfVersion.V3 ? (uint)pc : Murmur3.FunctionKey(pc), "f", pc);
        return f;
    }

    private static int Key(ulong pc) => unchecked((int)Murmur3.FunctionKey(pc));

    [Fact]
    public void Call_saves_r6_to_r9_and_moves_r10_by_two_frames_in_v0()
    {
        // 0-3: r6..r9 = 1..4; 4: call f; 5: r0 = r1 (callee's r10 - caller's r10); 6: exit
        // f (7): clobber r6..r9, r1 = r10, r1 -= r2 ... return
        var p = new Asm().Mov(6, 1).Mov(7, 2).Mov(8, 3).Mov(9, 4)
            .MovReg(2, 10).I(Opcodes.CallImm, imm: Key(8)).MovReg(0, 1).Exit()
            .Mov(6, 9).Mov(7, 9).Mov(8, 9).Mov(9, 9).MovReg(1, 10).I(Opcodes.Sub64Reg, 1, 2).Exit();
        var (result, vm, _) = TestVm.Run(p.Build(), functions: Functions(SbpfVersion.V0, 8));
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(8192UL, result.ReturnValue);
        Assert.Equal(new ulong[] { 1, 2, 3, 4 }, vm.Registers[6..10]);
        Assert.Equal(MemoryLayout.StackStart + 4096, vm.Registers[10]);
    }

    [Theory]
    [InlineData(SbpfVersion.V0, true, 8192UL)]
    [InlineData(SbpfVersion.V0, false, 4096UL)]
    [InlineData(SbpfVersion.V1, true, 0UL)]
    [InlineData(SbpfVersion.V2, true, 0UL)]
    public void Frame_pointer_bump(SbpfVersion v, bool gaps, ulong bump)
    {
        var p = new Asm().MovReg(2, 10).I(Opcodes.CallImm, imm: Key(4)).MovReg(0, 1).Exit()
            .MovReg(1, 10).I(Opcodes.Sub64Reg, 1, 2).Exit();
        var (result, _, _) = TestVm.Run(p.Build(), v, functions: Functions(v, 4), config: VmConfig.Default with { EnableStackFrameGaps = gaps });
        Assert.Equal(bump, result.ReturnValue);
    }

    [Fact]
    public void Dynamic_frames_start_at_the_stack_top_and_allow_bumping_r10()
    {
        var p = new Asm().I(Opcodes.Add64Imm, 10, imm: -64).I(Opcodes.Stxdw, 10, 10, off: 0).I(Opcodes.Ldxdw, 0, 10, off: 0).Exit();
        var (result, _, _) = TestVm.Run(p.Build(), SbpfVersion.V1);
        Assert.Equal(MemoryLayout.StackStart + 64 * 4096 - 64, result.ReturnValue);
    }

    [Fact]
    public void Call_depth_is_limited_to_64_frames()
    {
        // f (pc 1) calls itself forever
        var p = new Asm().I(Opcodes.CallImm, imm: Key(1)).I(Opcodes.CallImm, imm: Key(1)).Exit();
        var (result, vm, meter) = TestVm.Run(p.Build(), functions: Functions(SbpfVersion.V0, 1), budget: 1000);
        Assert.Equal(VmErrorKind.CallDepthExceeded, result.Error!.Kind);
        Assert.Equal("exceeded max BPF to BPF call depth", result.Error.Message);
        Assert.Equal(64, vm.CallDepth);
        Assert.Equal(1UL, vm.Pc);
        Assert.Equal(64UL, result.ComputeUnitsConsumed);
        Assert.Equal(936UL, meter.Remaining);
    }

    [Fact]
    public void Call_depth_follows_the_config()
    {
        var p = new Asm().I(Opcodes.CallImm, imm: Key(1)).I(Opcodes.CallImm, imm: Key(1)).Exit();
        var (result, vm, _) = TestVm.Run(p.Build(), functions: Functions(SbpfVersion.V0, 1), config: VmConfig.Default with { MaxCallDepth = 5 });
        Assert.Equal(VmErrorKind.CallDepthExceeded, result.Error!.Kind);
        Assert.Equal(5, vm.CallDepth);
    }

    [Fact]
    public void Unresolved_call_is_unsupported()
    {
        var (result, vm, _) = TestVm.Run(new Asm().Mov(0, 0).I(Opcodes.CallImm, imm: 12345).Exit().Build());
        Assert.Equal(VmErrorKind.UnsupportedInstruction, result.Error!.Kind);
        Assert.Equal(1UL, vm.Pc);
    }

    [Fact]
    public void Returning_past_the_end_of_the_text_is_a_call_outside_the_text()
    {
        // f = pc 0..1; entry = pc 2 (the last slot) calls f, whose exit returns to pc 3 == end
        var text = new Asm().Mov(0, 7).Exit().I(Opcodes.CallImm, imm: Key(0)).Build();
        var f = new FunctionRegistry();
        f.TryRegister(Murmur3.SyscallKey("entrypoint"), "entrypoint", 2);
        f.TryRegister(Murmur3.FunctionKey(0), "f", 0);
        var exe = Executable.FromText(text, SbpfVersion.V0, new SyscallRegistry(), f, entryPc: 2);
        Assert.Null(exe.Verify());
        using var vm = Vm.Create(exe, new ComputeMeter(100), new byte[8]);
        var result = vm.Execute();
        Assert.Equal(VmErrorKind.CallOutsideTextSegment, result.Error!.Kind);
        Assert.Equal(1UL, vm.Pc);
    }

    [Fact]
    public void Callx_targets_are_byte_addresses_rounded_down_to_a_slot()
    {
        // r1 = program start + 8*4 + 5 -> pc 4
        var p = new Asm().Lddw(1, MemoryLayout.ProgramStart + 8 * 4 + 5).I(Opcodes.CallReg, imm: 1).Exit()
            .Mov(0, 42).Exit();
        var (result, _, _) = TestVm.Run(p.Build());
        Assert.Equal(42UL, result.ReturnValue);
        var v2 = new Asm().Mov(1, 1).I(Opcodes.Lsh64Imm, 1, imm: 32).I(Opcodes.Add64Imm, 1, imm: 8 * 5).I(Opcodes.CallReg, src: 1).Exit()
            .Mov(0, 43).Exit();
        Assert.Equal(43UL, TestVm.Run(v2.Build(), SbpfVersion.V2).Result.ReturnValue);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(MemoryLayout.ProgramStart + 8 * 3)]
    [InlineData(MemoryLayout.ProgramStart - 8)]
    [InlineData(ulong.MaxValue)]
    public void Callx_outside_the_text(ulong target)
    {
        var p = new Asm().Lddw(1, target).I(Opcodes.CallReg, imm: 1).Build();
        var (result, vm, _) = TestVm.Run(p);
        Assert.Equal(VmErrorKind.CallOutsideTextSegment, result.Error!.Kind);
        Assert.Equal("callx attempted to call outside of the text segment", result.Error.Message);
        Assert.Equal(2UL, vm.Pc);
    }

    [Fact]
    public void Falling_off_the_end_is_an_execution_overrun()
    {
        var (result, vm, meter) = TestVm.Run(new Asm().Mov(0, 1).Build(), budget: 50, verify: false);
        Assert.Equal(VmErrorKind.ExecutionOverrun, result.Error!.Kind);
        Assert.Equal(1UL, vm.Pc);
        Assert.Equal(2UL, result.ComputeUnitsConsumed);
        Assert.Equal(48UL, meter.Remaining);
    }

    [Fact]
    public void Return_opcode_is_unsupported_before_v3()
    {
        var (result, _, _) = TestVm.Run(new Asm().Mov(0, 1).I(Opcodes.Return).Build(), verify: false);
        Assert.Equal(VmErrorKind.UnsupportedInstruction, result.Error!.Kind);
    }

    [Fact]
    public void V3_uses_return_pc_relative_calls_and_registered_callx_targets()
    {
        const SbpfVersion v = SbpfVersion.V3;
        // entry 0..2: call +1 (-> pc 2? no: pc 0 + 2 + 1 = 3), return ; f at 3
        var p = new Asm().I(Opcodes.CallImm, imm: 2).Mov(0, 0).I(Opcodes.Return)
            .Mov(0, 5).I(Opcodes.Return);
        var f = Functions(v, 3);
        var (result, _, _) = TestVm.Run(p.Build(), v, functions: f);
        Assert.True(result.IsOk, result.ToString());
        // callx in V3 addresses text from 0 and must hit a registered function
        var cx = new Asm().Mov(1, 8 * 3).I(Opcodes.CallReg, src: 1).I(Opcodes.Return).Mov(0, 6).I(Opcodes.Return);
        var ok = TestVm.Run(cx.Build(), v, functions: f).Result;
        Assert.True(ok.IsOk, ok.ToString());
        Assert.Equal(6UL, ok.ReturnValue);
        var cxBad = new Asm().Mov(1, 8 * 4).I(Opcodes.CallReg, src: 1).I(Opcodes.Return).Mov(0, 6).I(Opcodes.Return);
        Assert.Equal(VmErrorKind.UnsupportedInstruction, TestVm.Run(cxBad.Build(), v, functions: f).Result.Error!.Kind);
    }

    [Fact]
    public void Simd0377_v3_calls_by_src_flag_and_exits_with_0x95()
    {
        var config = VmConfig.Default with { Dialect = SbpfDialect.Simd0377 };
        // call src=1 imm=+1 -> pc 2; f sets r0=9 and exits
        var p = new Asm().I(Opcodes.CallImm, src: 1, imm: 1).Exit().Mov(0, 9).Exit();
        var (result, vm, _) = TestVm.Run(p.Build(), SbpfVersion.V3, config: config);
        Assert.Equal(9UL, result.ReturnValue);
        // automatic frames without gaps
        Assert.Equal(MemoryLayout.StackStart + 4096, vm.InitialFramePointer);
        var jmp32 = new Asm().Set(1, 0xffff_ffff_0000_0005, SbpfVersion.V0).Mov(0, 1).I(0x16, 1, off: 1, imm: 5).Mov(0, 2).Exit();
        Assert.Equal(1UL, TestVm.Run(jmp32.Build(), SbpfVersion.V3, config: config).Result.ReturnValue);
    }
}
