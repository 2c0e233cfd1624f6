using Google.Protobuf;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Runners;

namespace Stratus.Conformance.Tests.ExecFixtures;

/// <summary>Interpreter fixtures (sol_compat_vm_interp_v1) on hand-assembled programs whose outcome the sBPF spec fixes.</summary>
public class VmInterpFixtureTests
{
    private static readonly ProtobufFixtureRunner Runner = new(DefaultRunners.KindRunners());

    private static byte[] Insn(byte op, byte dst, byte src, short off, int imm)
    {
        var b = new byte[8];
        b[0] = op;
        b[1] = (byte)(dst | (src << 4));
        BitConverter.TryWriteBytes(b.AsSpan(2), off);
        BitConverter.TryWriteBytes(b.AsSpan(4), imm);
        return b;
    }

    private static SyscallFixture Fixture(byte[][] program, ulong r1 = 0, ulong r2 = 0) => new()
    {
        Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_vm_interp_v1" },
        Input = new SyscallContext
        {
            VmCtx = new VmContext { HeapMax = 1024, Rodata = ByteString.CopyFrom(program.SelectMany(x => x).ToArray()), R1 = r1, R2 = r2 },
            InstrCtx = new InstrContext { ProgramId = ByteString.CopyFrom(new byte[32]), CuAvail = 100, Features = new FeatureSet() },
        },
        Output = new SyscallEffects(),
    };

    private static SyscallEffects Effects(SyscallFixture f) => Stratus.Conformance.VmHarness.InterpHarness.Run(f.Input).Effects!;

    [Fact]
    public void Straight_line_program_exits_with_its_registers()
    {
        var f = Fixture([Insn(0xb7, 0, 0, 0, 42), Insn(0x07, 1, 0, 0, 5), Insn(0x95, 0, 0, 0, 0)], r1: 10);
        var e = Effects(f);
        Assert.Equal(42UL, e.R0);
        Assert.Equal(15UL, e.R1);
        Assert.Equal(100UL - 3, e.CuAvail);
        Assert.Equal(0L, e.Error);
    }

    [Fact]
    public void Division_by_zero_reports_the_ebpf_error()
    {
        var f = Fixture([Insn(0xb7, 0, 0, 0, 1), Insn(0x3f, 0, 2, 0, 0), Insn(0x95, 0, 0, 0, 0)]);
        var e = Effects(f);
        Assert.Equal(5L, e.Error); // EbpfError::DivideByZero, ordinal 4, + 1
        Assert.Equal(ErrKind.Ebpf, e.ErrorKind);
        Assert.Equal(0UL, e.R0);
    }

    [Fact]
    public void Complete_expectations_pass_and_a_changed_register_fails()
    {
        var f = Fixture([Insn(0xb7, 0, 0, 0, 42), Insn(0x07, 1, 0, 0, 5), Insn(0x95, 0, 0, 0, 0)], r1: 10);
        // The harness's own answer as the expectation; the spec-fixed fields are pinned by the tests above.
        f.Output = Effects(f);
        Assert.Equal(1024, f.Output.Heap.Length);
        Assert.Equal(64 * 4096, f.Output.Stack.Length);
        Assert.Equal(f.Input.VmCtx.Rodata, f.Output.Rodata);
        Assert.Equal(CaseOutcome.Passed, Runner.RunBytes("ok", f.ToByteArray()).Outcome);

        f.Output.R1 = 16;
        var r = Runner.RunBytes("bad", f.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.Equal("r1", Assert.Single(r.Diffs!).Field);
    }

    [Fact]
    public void Text_the_verifier_rejects_gives_no_effects()
    {
        var f = Fixture([Insn(0xff, 0, 0, 0, 0), Insn(0x95, 0, 0, 0, 0)]);
        var r = Runner.RunBytes("v", f.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.Contains("verifier rejects", r.Message);
    }
}
