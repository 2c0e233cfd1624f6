using Stratus.Sbpf;
using Stratus.Sbpf.Verification;

namespace Stratus.Sbpf.Tests;

public sealed class VerifierTests
{
    private static VerifierError? Verify(Asm asm, SbpfVersion v = SbpfVersion.V0, SyscallRegistry? syscalls = null, FunctionRegistry? functions = null, SbpfDialect dialect = SbpfDialect.Sbpf0_10) =>
        TestVm.Exe(asm.Build(), v, syscalls, functions).Verify(dialect);

    private static void AssertError(VerifierError? e, VerifierErrorKind kind, ulong pc, ulong target = 0)
    {
        Assert.NotNull(e);
        Assert.Equal(kind, e!.Kind);
        Assert.Equal(pc, e.Pc);
        Assert.Equal(target, e.Target);
    }

    [Fact]
    public void Valid_program_passes()
    {
        Assert.Null(Verify(new Asm().Mov(0, 1).I(Opcodes.Add64Imm, 0, imm: 2).Exit()));
    }

    [Fact]
    public void Length_not_multiple_and_empty()
    {
        var exe = Executable.FromText(new byte[12], SbpfVersion.V0, new SyscallRegistry());
        Assert.Equal(VerifierErrorKind.ProgramLengthNotMultiple, exe.Verify()!.Kind);
        Assert.Equal("program length must be a multiple of 8 octets", exe.Verify()!.Message);
        var empty = Executable.FromText([], SbpfVersion.V0, new SyscallRegistry());
        Assert.Equal(VerifierErrorKind.NoProgram, empty.Verify()!.Kind);
    }

    [Fact]
    public void Division_by_zero_immediate()
    {
        var e = Verify(new Asm().Mov(0, 1).I(Opcodes.Div32Imm, 0, imm: 0).Exit());
        AssertError(e, VerifierErrorKind.DivisionByZero, 1);
        Assert.Equal("division by 0 (insn #1)", e!.Message);
        AssertError(Verify(new Asm().I(Opcodes.Mod64Imm, 0, imm: 0).Exit()), VerifierErrorKind.DivisionByZero, 0);
        AssertError(Verify(new Asm().I(Opcodes.Udiv64Imm, 0, imm: 0).Exit(), SbpfVersion.V2), VerifierErrorKind.DivisionByZero, 0);
        AssertError(Verify(new Asm().I(Opcodes.Srem32Imm, 0, imm: 0).Exit(), SbpfVersion.V2), VerifierErrorKind.DivisionByZero, 0);
        // uhmul/shmul/lmul take any immediate
        Assert.Null(Verify(new Asm().I(Opcodes.Uhmul64Imm, 0, imm: 0).Exit(), SbpfVersion.V2));
    }

    [Fact]
    public void Endian_width()
    {
        AssertError(Verify(new Asm().I(Opcodes.Be, 1, imm: 8).Exit()), VerifierErrorKind.UnsupportedLEBEArgument, 0);
        Assert.Null(Verify(new Asm().I(Opcodes.Le, 1, imm: 16).I(Opcodes.Be, 1, imm: 64).Exit()));
        // le is gone in V2
        AssertError(Verify(new Asm().I(Opcodes.Le, 1, imm: 16).Exit(), SbpfVersion.V2), VerifierErrorKind.UnknownOpCode, 0);
    }

    [Fact]
    public void Lddw_rules()
    {
        Assert.Equal(VerifierErrorKind.LDDWCannotBeLast, Verify(new Asm().Exit().I(Opcodes.Lddw))!.Kind);
        AssertError(Verify(new Asm().I(Opcodes.Lddw).Exit().Exit()), VerifierErrorKind.IncompleteLDDW, 0);
        // register errors on an lddw are reported one slot later, as sbpf does
        AssertError(Verify(new Asm().Mov(0, 0).Lddw(11, 5).Exit()), VerifierErrorKind.InvalidDestinationRegister, 2);
        AssertError(Verify(new Asm().Lddw(1, 5).Exit(), SbpfVersion.V2), VerifierErrorKind.UnknownOpCode, 0);
    }

    [Fact]
    public void Jump_targets()
    {
        var e = Verify(new Asm().I(Opcodes.Ja, off: 5).Exit());
        AssertError(e, VerifierErrorKind.JumpOutOfCode, 0, 6);
        Assert.Equal("jump out of code to #6 (insn #0)", e!.Message);
        AssertError(Verify(new Asm().Exit().I(Opcodes.JeqImm, 1, off: -3).Exit()), VerifierErrorKind.JumpOutOfCode, 1, unchecked((ulong)-1L));
        AssertError(Verify(new Asm().I(Opcodes.Ja, off: 1).Lddw(1, 7).Exit()), VerifierErrorKind.JumpToMiddleOfLDDW, 0, 2);
        Assert.Null(Verify(new Asm().I(Opcodes.Ja, off: -1 + 1).Exit()));
    }

    [Fact]
    public void Registers()
    {
        AssertError(Verify(new Asm().I(Opcodes.Mov64Reg, 1, 11).Exit()), VerifierErrorKind.InvalidSourceRegister, 0);
        var e = Verify(new Asm().Mov(10, 1).Exit());
        AssertError(e, VerifierErrorKind.CannotWriteR10, 0);
        Assert.Equal("cannot write into register r10 (insn #0)", e!.Message);
        AssertError(Verify(new Asm().Mov(11, 1).Exit()), VerifierErrorKind.InvalidDestinationRegister, 0);
        // stores may use r10 as the base
        Assert.Null(Verify(new Asm().I(Opcodes.Stxdw, 10, 1, off: -8).I(Opcodes.Stdw, 10, off: -16, imm: 3).Exit()));
        Assert.Null(Verify(new Asm().I(Opcodes.St8bReg, 10, 1, off: -8).Exit(), SbpfVersion.V2));
    }

    [Fact]
    public void Stack_pointer_bump_rules()
    {
        AssertError(Verify(new Asm().I(Opcodes.Add64Imm, 10, imm: 64).Exit()), VerifierErrorKind.CannotWriteR10, 0);
        Assert.Null(Verify(new Asm().I(Opcodes.Add64Imm, 10, imm: -64).Exit(), SbpfVersion.V1));
        AssertError(Verify(new Asm().I(Opcodes.Add64Imm, 10, imm: 3).Exit(), SbpfVersion.V1), VerifierErrorKind.UnalignedImmediate, 0);
        AssertError(Verify(new Asm().I(Opcodes.Sub64Imm, 10, imm: 64).Exit(), SbpfVersion.V1), VerifierErrorKind.CannotWriteR10, 0);
    }

    [Theory]
    [InlineData(SbpfVersion.V0, (byte)0x06)]
    [InlineData(SbpfVersion.V0, Opcodes.Return)]
    [InlineData(SbpfVersion.V0, Opcodes.Hor64Imm)]
    [InlineData(SbpfVersion.V0, Opcodes.Ld4b)]
    [InlineData(SbpfVersion.V2, Opcodes.Mul32Imm)]
    [InlineData(SbpfVersion.V2, Opcodes.Neg32)]
    [InlineData(SbpfVersion.V2, Opcodes.Ldxw)]
    [InlineData(SbpfVersion.V2, Opcodes.Stxdw)]
    [InlineData(SbpfVersion.V1, Opcodes.Lmul64Reg)]
    public void Unknown_opcodes(SbpfVersion v, byte op)
    {
        var e = Verify(new Asm().Mov(0, 0).I(op, 1, imm: 1).Exit(), v);
        AssertError(e, VerifierErrorKind.UnknownOpCode, 1);
        Assert.Equal(op, e!.Opcode);
        Assert.Equal($"unknown eBPF opcode 0x{op:x} (insn #1)", e.Message);
    }

    [Fact]
    public void Shift_immediates()
    {
        var e = Verify(new Asm().I(Opcodes.Lsh32Imm, 1, imm: 32).Exit());
        Assert.Equal(VerifierErrorKind.ShiftWithOverflow, e!.Kind);
        Assert.Equal(32UL, e.ShiftAmount);
        Assert.Equal(32UL, e.ShiftBits);
        Assert.Equal("Shift with overflow of 32-bit value by 32 (insn #0)", e.Message);
        Assert.Null(Verify(new Asm().I(Opcodes.Lsh64Imm, 1, imm: 63).I(Opcodes.Arsh32Imm, 1, imm: 31).Exit()));
        Assert.Equal(VerifierErrorKind.ShiftWithOverflow, Verify(new Asm().I(Opcodes.Rsh64Imm, 1, imm: -1).Exit())!.Kind);
        Assert.Equal(VerifierErrorKind.ShiftWithOverflow, Verify(new Asm().I(Opcodes.Arsh64Imm, 1, imm: 64).Exit())!.Kind);
    }

    [Fact]
    public void Callx_register()
    {
        AssertError(Verify(new Asm().I(Opcodes.CallReg, imm: 10).Exit()), VerifierErrorKind.InvalidRegister, 0);
        Assert.Null(Verify(new Asm().I(Opcodes.CallReg, imm: 9).Exit()));
        AssertError(Verify(new Asm().I(Opcodes.CallReg, src: 10).Exit(), SbpfVersion.V2), VerifierErrorKind.InvalidRegister, 0);
        Assert.Null(Verify(new Asm().I(Opcodes.CallReg, src: 3, imm: 99).Exit(), SbpfVersion.V2));
    }

    [Fact]
    public void V3_static_calls_syscalls_and_function_bounds()
    {
        var syscalls = new SyscallRegistry();
        syscalls.Register("abort", Syscalls.Abort.Instance);
        uint abortKey = Murmur3.SyscallKey("abort");

        FunctionRegistry Functions(params ulong[] pcs)
        {
            var f = new FunctionRegistry();
            foreach (var pc in pcs) f.TryRegister((uint)pc, "f", pc);
            return f;
        }

        // entry (0..1) calls function at 2 (2..3)
        var ok = new Asm().I(Opcodes.CallImm, imm: 1).I(Opcodes.Return).Mov(0, 0).I(Opcodes.Return);
        Assert.Null(Verify(ok, SbpfVersion.V3, syscalls, Functions(0, 2)));
        var badCall = new Asm().I(Opcodes.CallImm, imm: 5).I(Opcodes.Return).Mov(0, 0).I(Opcodes.Return);
        AssertError(Verify(badCall, SbpfVersion.V3, syscalls, Functions(0, 2)), VerifierErrorKind.InvalidFunction, 6);
        var badEnd = new Asm().Mov(0, 0).Mov(0, 0).Mov(0, 0).I(Opcodes.Return);
        AssertError(Verify(badEnd, SbpfVersion.V3, syscalls, Functions(0, 2)), VerifierErrorKind.InvalidFunction, 1);
        var crossJump = new Asm().I(Opcodes.Ja, off: 1).I(Opcodes.Return).Mov(0, 0).I(Opcodes.Return);
        AssertError(Verify(crossJump, SbpfVersion.V3, syscalls, Functions(0, 2)), VerifierErrorKind.JumpOutOfCode, 0, 2);
        Assert.Null(Verify(new Asm().I(Opcodes.Syscall, imm: unchecked((int)abortKey)).I(Opcodes.Return), SbpfVersion.V3, syscalls, Functions(0)));
        var e = Verify(new Asm().I(Opcodes.Syscall, imm: 1234).I(Opcodes.Return), SbpfVersion.V3, syscalls, Functions(0));
        Assert.Equal(VerifierErrorKind.InvalidSyscall, e!.Kind);
        Assert.Equal(1234u, e.SyscallHash);
        Assert.Equal("Invalid syscall code 1234", e.Message);
    }

    [Fact]
    public void Simd0377_v3_has_jmp32_and_no_pqr()
    {
        var jmp32 = new Asm().I(0x16, 1, off: 0, imm: 5).Exit();
        Assert.Null(Verify(jmp32, SbpfVersion.V3, dialect: SbpfDialect.Simd0377));
        // sbpf 0.10 V3: no JMP32, and functions must end in ja/return
        Assert.Equal(VerifierErrorKind.InvalidFunction, Verify(jmp32, SbpfVersion.V3)!.Kind);
        Assert.Equal(VerifierErrorKind.UnknownOpCode, Verify(new Asm().I(0x16, 1, imm: 5).I(Opcodes.Return), SbpfVersion.V3)!.Kind);
        var pqr = new Asm().I(Opcodes.Lmul64Imm, 1, imm: 5).Exit();
        Assert.Equal(VerifierErrorKind.UnknownOpCode, Verify(pqr, SbpfVersion.V3, dialect: SbpfDialect.Simd0377)!.Kind);
        Assert.Equal(VerifierErrorKind.CannotWriteR10, Verify(new Asm().I(Opcodes.Add64Imm, 10, imm: 64).Exit(), SbpfVersion.V3, dialect: SbpfDialect.Simd0377)!.Kind);
    }
}
