using Stratus.Sbpf;

namespace Stratus.Sbpf.Tests;

/// <summary>Arithmetic semantics per version, against values worked out from sbpf 0.10.1's interpreter.</summary>
public sealed class AluTests
{
    private const ulong M = ulong.MaxValue;

    private static ulong RegOp(SbpfVersion v, byte op, ulong a, ulong b) =>
        TestVm.R0(new Asm().Set(0, a, v).Set(1, b, v).I(op, 0, 1).Exit().Build(), v);

    private static ulong ImmOp(SbpfVersion v, byte op, ulong a, int imm) =>
        TestVm.R0(new Asm().Set(0, a, v).I(op, 0, imm: imm).Exit().Build(), v);

    public static TheoryData<SbpfVersion, byte, ulong, int, ulong> ImmCases => new()
    {
        { SbpfVersion.V0, Opcodes.Add32Imm, 0x7fffffff, 1, 0xffffffff80000000 },
        { SbpfVersion.V2, Opcodes.Add32Imm, 0x7fffffff, 1, 0x80000000 },
        { SbpfVersion.V0, Opcodes.Sub32Imm, 0, 1, M },
        { SbpfVersion.V2, Opcodes.Sub32Imm, 0, 1, 1 },              // imm - dst
        { SbpfVersion.V2, Opcodes.Sub32Imm, 5, 3, 0xfffffffe },     // zero-extended
        { SbpfVersion.V0, Opcodes.Sub64Imm, 5, 3, 2 },
        { SbpfVersion.V2, Opcodes.Sub64Imm, 5, 3, M - 1 },
        { SbpfVersion.V0, Opcodes.Mul32Imm, 0x40000000, 2, 0xffffffff80000000 }, // sign-extends
        { SbpfVersion.V0, Opcodes.Mul64Imm, 3, -1, M - 2 },
        { SbpfVersion.V0, Opcodes.Div64Imm, 10, -1, 0 },             // divides by 2^64-1
        { SbpfVersion.V0, Opcodes.Div64Imm, M, -1, 1 },
        { SbpfVersion.V0, Opcodes.Div32Imm, 0x1_0000_0010, 4, 4 },
        { SbpfVersion.V0, Opcodes.Mod32Imm, 0x1_0000_0007, 5, 2 },
        { SbpfVersion.V0, Opcodes.Mod64Imm, 7, -1, 7 },
        { SbpfVersion.V0, Opcodes.Mov32Imm, 5, -1, 0xffffffff },
        { SbpfVersion.V2, Opcodes.Mov32Imm, 5, -1, 0xffffffff },
        { SbpfVersion.V0, Opcodes.Mov64Imm, 5, -1, M },
        { SbpfVersion.V0, Opcodes.Arsh32Imm, 0x80000000, 4, 0xf8000000 },
        { SbpfVersion.V0, Opcodes.Arsh64Imm, 0x8000000000000000, 4, 0xf800000000000000 },
        { SbpfVersion.V0, Opcodes.Or32Imm, 0xffff_ffff_0000_0000, 1, 1 },
        { SbpfVersion.V0, Opcodes.Or64Imm, 0x1_0000_0000, -2, M - 1 },
        { SbpfVersion.V0, Opcodes.And64Imm, M, 0x7f, 0x7f },
        { SbpfVersion.V0, Opcodes.Xor32Imm, 0xffff_ffff_0000_0001, 1, 0 },
        { SbpfVersion.V0, Opcodes.Le, 0x1122334455667788, 16, 0x7788 },
        { SbpfVersion.V0, Opcodes.Le, 0x1122334455667788, 32, 0x55667788 },
        { SbpfVersion.V0, Opcodes.Le, 0x1122334455667788, 64, 0x1122334455667788 },
        { SbpfVersion.V0, Opcodes.Be, 0x1122334455667788, 16, 0x8877 },
        { SbpfVersion.V0, Opcodes.Be, 0x1122334455667788, 32, 0x88776655 },
        { SbpfVersion.V2, Opcodes.Be, 0x1122334455667788, 64, 0x8877665544332211 },
        { SbpfVersion.V2, Opcodes.Hor64Imm, 1, unchecked((int)0x80000000), 0x8000000000000001 },
        { SbpfVersion.V2, Opcodes.Lmul32Imm, 0x1_0000_0003, -1, 0xfffffffd },
        { SbpfVersion.V2, Opcodes.Lmul64Imm, 3, -1, M - 2 },
        { SbpfVersion.V2, Opcodes.Uhmul64Imm, M, -1, 0xfffffffe },  // imm taken as u32
        { SbpfVersion.V2, Opcodes.Shmul64Imm, M - 1, 3, M },        // high half of -6
        { SbpfVersion.V2, Opcodes.Udiv32Imm, 0x1_0000_0010, -1, 0 },
        { SbpfVersion.V2, Opcodes.Udiv64Imm, M, -1, 0x1_0000_0001 },
        { SbpfVersion.V2, Opcodes.Urem64Imm, M, -1, 0 },
        { SbpfVersion.V2, Opcodes.Urem32Imm, 0x1_0000_0007, 4, 3 },
        { SbpfVersion.V2, Opcodes.Sdiv32Imm, M - 6, 2, 0xfffffffd },
        { SbpfVersion.V2, Opcodes.Sdiv64Imm, M - 6, 2, M - 2 },
        { SbpfVersion.V2, Opcodes.Srem32Imm, M - 6, 2, 0xffffffff },
        { SbpfVersion.V2, Opcodes.Srem64Imm, M - 6, 2, M },
    };

    [Theory]
    [MemberData(nameof(ImmCases))]
    public void Immediate_forms(SbpfVersion v, byte op, ulong a, int imm, ulong expected) =>
        Assert.Equal(expected, ImmOp(v, op, a, imm));

    public static TheoryData<SbpfVersion, byte, ulong, ulong, ulong> RegCases => new()
    {
        { SbpfVersion.V0, Opcodes.Add32Reg, 0xffffffff, 1, 0 },
        { SbpfVersion.V0, Opcodes.Sub32Reg, 0, 0x1_0000_0001, M },
        { SbpfVersion.V2, Opcodes.Sub32Reg, 0, 0x1_0000_0001, 0xffffffff },
        { SbpfVersion.V0, Opcodes.Mov32Reg, 0, 0xffffffff80000000, 0x80000000 },
        { SbpfVersion.V2, Opcodes.Mov32Reg, 0, 0x80000000, 0xffffffff80000000 },
        { SbpfVersion.V0, Opcodes.Lsh32Reg, 1, 33, 2 },             // shift masked to 5 bits
        { SbpfVersion.V0, Opcodes.Rsh64Reg, 4, 65, 2 },             // and to 6 bits
        { SbpfVersion.V0, Opcodes.Arsh32Reg, 0xffffffff, 31, 0xffffffff },
        { SbpfVersion.V0, Opcodes.Div64Reg, 100, 7, 14 },
        { SbpfVersion.V0, Opcodes.Mod32Reg, 0x1_0000_0064, 0x7, 2 },
        { SbpfVersion.V0, Opcodes.Mul32Reg, 0xffffffff, 0xffffffff, 1 },
        { SbpfVersion.V2, Opcodes.Uhmul64Reg, M, M, M - 1 },
        { SbpfVersion.V2, Opcodes.Shmul64Reg, M, M, 0 },           // (-1)*(-1)
        { SbpfVersion.V2, Opcodes.Lmul64Reg, 1UL << 63, 2, 0 },
        { SbpfVersion.V2, Opcodes.Udiv32Reg, 10, 0x1_0000_0003, 3 },
        { SbpfVersion.V2, Opcodes.Sdiv64Reg, M - 9, 3, M - 2 },     // -10 / 3 = -3
        { SbpfVersion.V2, Opcodes.Srem32Reg, 0x1_ffff_fff6, 3, 0xffffffff }, // -10 % 3 = -1
    };

    [Theory]
    [MemberData(nameof(RegCases))]
    public void Register_forms(SbpfVersion v, byte op, ulong a, ulong b, ulong expected) =>
        Assert.Equal(expected, RegOp(v, op, a, b));

    [Fact]
    public void Neg_is_v0_v1_only()
    {
        Assert.Equal(0xffffffffUL, TestVm.R0(new Asm().Mov(0, 1).I(Opcodes.Neg32, 0).Exit().Build()));
        Assert.Equal(M, TestVm.R0(new Asm().Mov(0, 1).I(Opcodes.Neg64, 0).Exit().Build(), SbpfVersion.V1));
    }

    [Fact]
    public void Lddw_loads_64_bits()
    {
        Assert.Equal(0x8000000000000001UL, TestVm.R0(new Asm().Lddw(0, 0x8000000000000001).Exit().Build()));
    }

    [Theory]
    [InlineData(SbpfVersion.V0, Opcodes.Div64Reg)]
    [InlineData(SbpfVersion.V0, Opcodes.Mod64Reg)]
    [InlineData(SbpfVersion.V0, Opcodes.Div32Reg)]
    [InlineData(SbpfVersion.V2, Opcodes.Udiv64Reg)]
    [InlineData(SbpfVersion.V2, Opcodes.Urem32Reg)]
    [InlineData(SbpfVersion.V2, Opcodes.Sdiv32Reg)]
    [InlineData(SbpfVersion.V2, Opcodes.Srem64Reg)]
    public void Division_by_zero_register(SbpfVersion v, byte op)
    {
        // 0x1_0000_0000 is zero for the 32-bit forms
        var (result, vm, _) = TestVm.Run(new Asm().Mov(0, 9).Set(1, op is Opcodes.Div32Reg or Opcodes.Urem32Reg or Opcodes.Sdiv32Reg ? 0x1_0000_0000UL : 0, v)
            .I(op, 0, 1).Exit().Build(), v);
        Assert.Equal(VmErrorKind.DivideByZero, result.Error!.Kind);
        Assert.Equal("divide by zero at BPF instruction", result.Error.Message);
        Assert.Equal((ulong)(v >= SbpfVersion.V2 ? 3 : 3), vm.Pc);
    }

    [Theory]
    [InlineData(Opcodes.Sdiv64Reg, 0x8000000000000000UL, -1L)]
    [InlineData(Opcodes.Srem64Reg, 0x8000000000000000UL, -1L)]
    [InlineData(Opcodes.Sdiv32Reg, 0x80000000UL, -1L)]
    [InlineData(Opcodes.Sdiv32Imm, 0x80000000UL, -1L)]
    [InlineData(Opcodes.Srem64Imm, 0x8000000000000000UL, -1L)]
    public void Signed_division_overflow(byte op, ulong a, long b)
    {
        const SbpfVersion v = SbpfVersion.V2;
        var asm = new Asm().Set(0, a, v).Set(1, unchecked((ulong)b), v);
        asm = (op & 0x08) != 0 ? asm.I(op, 0, 1) : asm.I(op, 0, imm: (int)b);
        var (result, _, _) = TestVm.Run(asm.Exit().Build(), v);
        Assert.Equal(VmErrorKind.DivideOverflow, result.Error!.Kind);
    }

    [Fact]
    public void Jumps_compare_with_sign_extended_immediates()
    {
        // jgt r1, -1 compares with 0xffff_ffff_ffff_ffff: never taken for 5
        var p = new Asm().Mov(0, 0).Mov(1, 5).I(Opcodes.JgtImm, 1, off: 1, imm: -1).Mov(0, 1).Exit();
        Assert.Equal(1UL, TestVm.R0(p.Build()));
        // jsgt r1, -1 is taken
        var q = new Asm().Mov(0, 0).Mov(1, 5).I(Opcodes.JsgtImm, 1, off: 1, imm: -1).Mov(0, 1).Exit();
        Assert.Equal(0UL, TestVm.R0(q.Build()));
    }

    [Fact]
    public void Loads_zero_extend_and_stores_truncate()
    {
        var p = new Asm()
            .I(Opcodes.Stdw, 10, off: -8, imm: -1)          // all ones
            .I(Opcodes.Stw, 10, off: -16, imm: -1)          // 0x00000000ffffffff
            .I(Opcodes.Ldxb, 0, 10, off: -8)                // 0xff
            .I(Opcodes.Ldxdw, 1, 10, off: -16)
            .I(Opcodes.Add64Reg, 0, 1)
            .Exit();
        Assert.Equal(0xffUL + 0xffffffffUL, TestVm.R0(p.Build()));
        var v2 = new Asm()
            .I(Opcodes.St8bImm, 10, off: -8, imm: -1)
            .I(Opcodes.St2bImm, 10, off: -16, imm: 0x12345)
            .I(Opcodes.Ld2b, 0, 10, off: -16)
            .I(Opcodes.Ld1b, 1, 10, off: -8)
            .I(Opcodes.Add64Reg, 0, 1)
            .Exit();
        Assert.Equal(0x2345UL + 0xffUL, TestVm.R0(v2.Build(), SbpfVersion.V2));
    }
}
