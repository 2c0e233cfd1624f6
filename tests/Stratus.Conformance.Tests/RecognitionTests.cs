using System.Text;
using Google.Protobuf;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Tests;

public class RecognitionTests
{
    [Fact]
    public void Metadata_names_the_kind()
    {
        Assert.Equal(CaseKinds.Instr, FixtureRecognizer.Recognize(Builders.Instr().ToByteArray()).Kind);
        Assert.Equal(CaseKinds.Txn, FixtureRecognizer.Recognize(Builders.Txn().ToByteArray()).Kind);
        Assert.Equal(CaseKinds.VmSyscall, FixtureRecognizer.Recognize(Builders.Syscall().ToByteArray()).Kind);
        Assert.Equal(CaseKinds.VmInterp, FixtureRecognizer.Recognize(Builders.Syscall("sol_compat_vm_interp_v1", null).ToByteArray()).Kind);
        Assert.Equal(CaseKinds.Block, FixtureRecognizer.Recognize(Builders.BlockV2().ToByteArray()).Kind);
        var r = FixtureRecognizer.Recognize(Builders.Txn().ToByteArray(), "whatever.instrctx");
        Assert.Equal(FixtureShape.Fixture, r.Shape);
        Assert.Equal("sol_compat_txn_execute_v1", r.Entrypoint);
    }

    [Fact]
    public void Kind_comes_from_content_not_the_file_name()
    {
        // A transaction fixture named like an ELF context is still a transaction fixture.
        Assert.Equal(CaseKinds.Txn, FixtureRecognizer.Recognize(Builders.Txn(withMetadata: false).ToByteArray(), "x.elfctx").Kind);
        Assert.Equal(CaseKinds.Instr, FixtureRecognizer.Recognize(Builders.Instr(withMetadata: false).ToByteArray(), "x.bin").Kind);
    }

    [Fact]
    public void Without_metadata_structure_decides()
    {
        var txn = FixtureRecognizer.Recognize(Builders.Txn(withMetadata: false).ToByteArray());
        Assert.Equal((FixtureShape.Fixture, CaseKinds.Txn), (txn.Shape, txn.Kind));

        var instr = FixtureRecognizer.Recognize(Builders.Instr(withMetadata: false).ToByteArray());
        Assert.Equal((FixtureShape.Fixture, CaseKinds.Instr), (instr.Shape, instr.Kind));

        var block = Builders.BlockV2();
        block.Metadata = null;
        Assert.Equal(CaseKinds.Block, FixtureRecognizer.Recognize(block.ToByteArray()).Kind);

        var elf = Builders.Elf(ElfHeader(), new ELFLoaderEffects { TextCnt = 2, RodataHash = 5 });
        elf.Metadata = null;
        var e = FixtureRecognizer.Recognize(elf.ToByteArray());
        Assert.Equal((CaseKinds.ElfLoader, "current"), (e.Kind, e.Format!.Layout));
    }

    [Fact]
    public void Historical_elf_layout_is_told_apart_from_the_current_one()
    {
        var v1 = new ELFLoaderFixtureV1
        {
            Metadata = Builders.Meta("sol_compat_elf_loader_v1"),
            Input = new ELFLoaderCtxV1 { Elf = new ELFBinary { Data = ByteString.CopyFrom(ElfHeader()) }, ElfSz = 64, DeployChecks = true },
            Output = new ELFLoaderEffectsV1 { Rodata = Builders.Bytes(16, 1), RodataSz = 16, TextCnt = 2, Calldests = { 0, 1 } },
        };
        var r = FixtureRecognizer.Recognize(v1.ToByteArray());
        Assert.Equal((CaseKinds.ElfLoader, "v1"), (r.Kind, r.Format!.Layout));

        var current = Builders.Elf(ElfHeader(), new ELFLoaderEffects { ErrCode = 3 });
        Assert.Equal("current", FixtureRecognizer.Recognize(current.ToByteArray()).Format!.Layout);
    }

    [Fact]
    public void Context_dumps_are_recognised()
    {
        var ctx = Builders.Txn().Input.ToByteArray();
        var r = FixtureRecognizer.Recognize(ctx, "dump.txnctx");
        Assert.Equal((FixtureShape.ContextOnly, CaseKinds.Txn), (r.Shape, r.Kind));

        var elfCtx = new ELFLoaderCtx { ElfData = ByteString.CopyFrom(ElfHeader()), DeployChecks = true }.ToByteArray();
        var e = FixtureRecognizer.Recognize(elfCtx, "a.elfctx");
        Assert.Equal((FixtureShape.ContextOnly, CaseKinds.ElfLoader), (e.Shape, e.Kind));
    }

    [Fact]
    public void Unmodelled_and_unknown_entrypoints()
    {
        var flat = new FixtureMetadata { FnEntrypoint = "sol_compat_bundle_execute_v1" };
        var bytes = new GossipFixture { Metadata = flat }.ToByteArray();
        var r = FixtureRecognizer.Recognize(bytes);
        Assert.Equal((FixtureShape.Unmodelled, CaseKinds.Bundle), (r.Shape, r.Kind));

        var unknown = new GossipFixture { Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_future_thing_v9" } }.ToByteArray();
        var u = FixtureRecognizer.Recognize(unknown);
        Assert.Equal(FixtureShape.Unmodelled, u.Shape);
        Assert.Contains("sol_compat_future_thing_v9", u.Note);
    }

    [Fact]
    public void Wire_probe_rejects_malformed_bytes()
    {
        Assert.Equal(-1, WireProbe.Score([0xff], FixtureMetadata.Descriptor));
        Assert.Equal(-1, WireProbe.Score([0x0a, 0x05, 0x61], FixtureMetadata.Descriptor));           // length past the end
        Assert.Equal(-1, WireProbe.Score([0x0a, 0x02, 0xc3, 0x28], FixtureMetadata.Descriptor));     // invalid UTF-8 string
        Assert.Equal(-1, WireProbe.Score([0x10, 0x01], FixtureMetadata.Descriptor));                 // undeclared field 2
        Assert.Equal(-1, WireProbe.Score([0x0b], BlockContext.Descriptor));                          // group wire type
        Assert.Equal(-1, WireProbe.Score([0x0d, 0, 0, 0, 0], FeatureSet.Descriptor));               // fixed32 for a fixed64 field
        Assert.Equal(0, WireProbe.Score([], FeatureSet.Descriptor));
        Assert.Equal(1, WireProbe.Score([0x0a, 0x08, 1, 2, 3, 4, 5, 6, 7, 8], FeatureSet.Descriptor));
        Assert.Equal(-1, WireProbe.Score([0x0a, 0x07, 1, 2, 3, 4, 5, 6, 7], FeatureSet.Descriptor)); // packed length not a multiple of 8
    }

    [Fact]
    public void Deep_nesting_does_not_overflow_the_stack()
    {
        // InstrContext.txn_context (7) -> TxnContext ... build a long chain of nested length prefixes.
        var inner = Array.Empty<byte>();
        for (int i = 0; i < 5000; i++)
        {
            var len = EncodeVarint((ulong)inner.Length);
            inner = [0x0a, .. len, .. inner];
        }
        Assert.Equal(-1, WireProbe.Score(inner, SyscallContext.Descriptor));
        var r = FixtureRecognizer.Recognize(inner);
        Assert.NotNull(r);
    }

    internal static byte[] ElfHeader()
    {
        var h = new byte[64];
        h[0] = 0x7f; h[1] = (byte)'E'; h[2] = (byte)'L'; h[3] = (byte)'F'; h[4] = 2; h[5] = 1; h[6] = 1;
        return h;
    }

    private static byte[] EncodeVarint(ulong v)
    {
        var list = new List<byte>();
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            list.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
        return list.ToArray();
    }

    [Fact]
    public void Header_check_finds_the_harness_name()
    {
        Assert.True(FixtureRecognizer.HeaderNamesHarness(Builders.Instr().ToByteArray()));
        Assert.False(FixtureRecognizer.HeaderNamesHarness(Encoding.ASCII.GetBytes("# a README file")));
    }
}
