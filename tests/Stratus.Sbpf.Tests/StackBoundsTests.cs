using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf.Tests;

/// <summary>Stack edges with a small call depth (3 frames = 12 KiB of stack).</summary>
public sealed class StackBoundsTests
{
    private static readonly VmConfig Depth3 = VmConfig.Default with { MaxCallDepth = 3 };

    [Fact]
    public void Fixed_frames_far_below_the_stack_name_the_program_section()
    {
        // r10 = stack + 0x1000; 0x4000 below is 0x1_FFFF_D000 (frame -3: not a stack frame)
        var p = new Asm().I(Opcodes.Stb, 10, off: -0x4000, imm: 0).Exit();
        var (result, _, _) = TestVm.Run(p.Build(), config: Depth3);
        var e = result.Error!;
        Assert.Equal(VmErrorKind.AccessViolation, e.Kind);
        Assert.Equal(0x1_FFFF_D000UL, e.Address);
        Assert.Equal("program", e.Section);
        Assert.Equal(AccessType.Store, e.AccessType);
        Assert.Equal(1UL, e.Size);
    }

    [Fact]
    public void Dynamic_frames_bound_the_stack_on_both_sides()
    {
        var below = new Asm().I(Opcodes.Stb, 10, off: -0x3001, imm: 0).Exit();
        var e = TestVm.Run(below.Build(), SbpfVersion.V1, config: Depth3).Result.Error!;
        Assert.Equal(MemoryLayout.StackStart - 1, e.Address);
        Assert.Equal("program", e.Section);

        var top = new Asm().I(Opcodes.Stb, 10, off: 0, imm: 0).Exit();
        e = TestVm.Run(top.Build(), SbpfVersion.V1, config: Depth3).Result.Error!;
        Assert.Equal(VmErrorKind.AccessViolation, e.Kind);
        Assert.Equal(MemoryLayout.StackStart + 3 * 4096, e.Address);
        Assert.Equal("stack", e.Section);
    }

    [Fact]
    public void Deepest_v0_frame_is_usable()
    {
        // r10 after two calls = stack + 0x1000 + 2 * 0x2000; the frame below it is the last one
        var p = new Asm().I(Opcodes.CallImm, imm: unchecked((int)Murmur3.FunctionKey(2))).Exit()
            .I(Opcodes.CallImm, imm: unchecked((int)Murmur3.FunctionKey(4))).Exit()
            .I(Opcodes.Stdw, 10, off: -8, imm: 7).I(Opcodes.Ldxdw, 0, 10, off: -8).Exit();
        var f = new FunctionRegistry();
        f.TryRegister(Murmur3.SyscallKey("entrypoint"), "entrypoint", 0);
        f.TryRegister(Murmur3.FunctionKey(2), "a", 2);
        f.TryRegister(Murmur3.FunctionKey(4), "b", 4);
        var (result, vm, _) = TestVm.Run(p.Build(), functions: f, config: Depth3);
        Assert.Equal(7UL, result.ReturnValue);
        Assert.Equal(7, vm.Stack[3 * 4096 - 8]);
    }
}
