using System.Runtime.InteropServices;
using Google.Protobuf;
using Stratus.Conformance.Runners;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests;

/// <summary>Corrupt, truncated and odd files give a precise failed (or skipped) case, never an exception.</summary>
public partial class RobustnessTests
{
    private static readonly ProtobufFixtureRunner Runner = new(DefaultRunners.KindRunners());

    [Fact]
    public void Garbage_is_a_decode_failure()
    {
        var r = Runner.RunBytes("garbage.fix", [0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff]);
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.StartsWith("decode error", r.Message);
    }

    [Fact]
    public void Empty_file_is_a_decode_failure()
    {
        var r = Runner.RunBytes("empty.fix", []);
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.Contains("empty file", r.Message);
    }

    [SharedFact("bankhash/solana-conformance-block-fixtures/block-12.fix")]
    public void Truncated_real_fixture_fails_with_a_decode_error()
    {
        var bytes = File.ReadAllBytes(SharedData.Require("bankhash/solana-conformance-block-fixtures/block-12.fix"));
        foreach (var cut in new[] { 1, 10, 40, 1000, bytes.Length / 2, bytes.Length - 1 })
        {
            var r = Runner.RunBytes($"block-12.fix[..{cut}]", bytes[..cut]);
            Assert.Equal(CaseOutcome.Failed, r.Outcome);
            Assert.Contains("decode error", r.Message);
        }
    }

    [SharedFact("bankhash/solana-conformance-block-fixtures/block-13.fix")]
    public void Mutated_real_fixture_never_throws()
    {
        var original = File.ReadAllBytes(SharedData.Require("bankhash/solana-conformance-block-fixtures/block-13.fix"));
        var rng = new Random(1234);
        for (int i = 0; i < 200; i++)
        {
            var bytes = (byte[])original.Clone();
            for (int k = 0, n = rng.Next(1, 8); k < n; k++)
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            var r = Runner.RunBytes("mutant", bytes);
            Assert.NotEqual(CaseOutcome.Passed, r.Outcome);
            Assert.NotNull(r.Message);
        }
    }

    [Fact]
    public void Flatbuffers_elf_fixture_is_skipped_not_failed()
    {
        // A FlatBuffers buffer: root offset, vtable, then the entrypoint string somewhere inside.
        var bytes = new byte[] { 0x0c, 0, 0, 0, 0x08, 0, 0x0c, 0, 0x04, 0, 0x08, 0 }
            .Concat(System.Text.Encoding.ASCII.GetBytes("\u0018\0\0\0sol_compat_elf_loader_v2\0")).ToArray();
        var r = Runner.RunBytes("v2.fix", bytes);
        Assert.Equal((CaseKinds.ElfLoader, CaseOutcome.Skipped), (r.Kind, r.Outcome));
        Assert.Contains("FlatBuffers", r.Message);
    }

    [Fact]
    public void Git_lfs_pointer_is_skipped_with_reason()
    {
        var text = "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 12\n"u8.ToArray();
        var r = Runner.RunBytes("x.fix", text);
        Assert.Equal(CaseOutcome.Skipped, r.Outcome);
        Assert.Contains("Git LFS", r.Message);
    }

    [Fact]
    public void Zstd_compressed_fixture_is_decoded()
    {
        var raw = Builders.Txn().ToByteArray();
        var compressed = ZstdCompress(raw);
        var r = Runner.RunBytes("t.fix.zst", compressed);
        Assert.Equal(CaseKinds.Txn, r.Kind);
        Assert.Equal(CaseOutcome.Skipped, r.Outcome);
        // The builder's feature ids are synthetic: the transaction runner names them instead of running.
        Assert.Contains("feature ids unknown to Stratus", r.Message);

        var broken = Runner.RunBytes("b.fix.zst", compressed[..(compressed.Length / 2)]);
        Assert.Equal(CaseOutcome.Failed, broken.Outcome);
        Assert.Contains("zstd", broken.Message);
    }

    [Fact]
    public void Synthetic_fixtures_are_skipped_never_passed()
    {
        foreach (var (message, why) in new (IMessage, string)[]
        {
            (Builders.Instr(), "feature ids unknown to Stratus"),
            (Builders.Txn(), "feature ids unknown to Stratus"),
            (Builders.BlockV2(), "block execution is not run"),
        })
        {
            var r = Runner.RunBytes("case", message.ToByteArray());
            Assert.Equal(CaseOutcome.Skipped, r.Outcome);
            Assert.Contains(why, r.Message);
        }
    }

    [LibraryImport("libzstd.so.1", EntryPoint = "ZSTD_compress")]
    private static unsafe partial nuint Compress(byte* dst, nuint cap, byte* src, nuint len, int level);

    private static unsafe byte[] ZstdCompress(byte[] src)
    {
        var dst = new byte[src.Length + 1024];
        nuint n;
        fixed (byte* d = dst)
        fixed (byte* s = src)
            n = Compress(d, (nuint)dst.Length, s, (nuint)src.Length, 3);
        return dst[..(int)n];
    }
}
