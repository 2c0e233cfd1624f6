using Stratus.Core;
using Stratus.Core.Serialization;
using Stratus.Runtime.Programs.Vote;

namespace Stratus.Runtime.Tests.Vote;

/// <summary>Instruction decoding as limited_deserialize with the compact serde of solana-vote-interface 2.2.</summary>
public class VoteInstructionDecodeTests
{
    private static byte[] Compact(uint tag, ulong root, byte[] lockoutBytes, int count, bool blockId)
    {
        var w = new BincodeWriter();
        w.WriteU32(tag);
        w.WriteU64(root);
        w.WriteU8((byte)count);
        w.WriteBytes(lockoutBytes);
        w.WriteHash(new Hash(Enumerable.Repeat((byte)9, 32).ToArray()));
        w.WriteU8(0);
        if (blockId) w.WriteHash(default);
        return w.ToArray();
    }

    [Fact]
    public void Compact_lockouts_are_offsets_from_the_root()
    {
        // offsets 300 (0xAC 0x02) and 1; confirmations 2 and 1.
        var ix = VoteInstruction.Decode(Compact(14, 10, [0xAC, 0x02, 2, 0x01, 1], 2, true))!;
        Assert.Equal(VoteInstructionKind.TowerSync, ix.Kind);
        Assert.Equal(10UL, ix.Update!.Root);
        Assert.Equal([new Lockout(310, 2), new Lockout(311, 1)], ix.Update.Lockouts);
        Assert.Equal(default(Hash), ix.Update.BlockId);

        var noRoot = VoteInstruction.Decode(Compact(12, ulong.MaxValue, [0x05, 1], 1, false))!;
        Assert.Null(noRoot.Update!.Root);
        Assert.Equal([new Lockout(5, 1)], noRoot.Update.Lockouts);
        Assert.Null(noRoot.Update.BlockId);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00, 1 })]                   // trailing zero byte
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 1 })] // last byte truncated
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1 })] // too long
    public void Bad_varints_are_invalid(byte[] lockout) =>
        Assert.Null(VoteInstruction.Decode(Compact(14, 0, lockout, 1, true)));

    [Fact]
    public void Offset_overflow_is_invalid()
    {
        // root u64::MAX-1 plus offset 2 overflows.
        Assert.Null(VoteInstruction.Decode(Compact(14, ulong.MaxValue - 1, [0x02, 1], 1, true)));
    }

    [Fact]
    public void Zero_offset_single_byte_is_valid() =>
        Assert.NotNull(VoteInstruction.Decode(Compact(14, 3, [0x00, 1], 1, true)));

    [Fact]
    public void Authorize_kind_must_be_voter_or_withdrawer()
    {
        var w = new BincodeWriter();
        w.WriteU32(7);
        w.WriteU32(2);
        Assert.Null(VoteInstruction.Decode(w.ToArray()));
    }

    [Fact]
    public void Trailing_bytes_are_allowed_but_the_limit_is_1232()
    {
        Assert.NotNull(VoteInstruction.Decode([3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 99]));
        // A legacy vote whose slots reach past byte 1232 fails even though the data holds them.
        var w = new BincodeWriter();
        w.WriteU32(2);
        w.WriteU64(160);
        for (var i = 0; i < 160; i++) w.WriteU64((ulong)i);
        w.WriteHash(default);
        w.WriteU8(0);
        Assert.Null(VoteInstruction.Decode(w.ToArray()));
    }

    [Fact]
    public void Truncations_and_mutations_never_throw()
    {
        var samples = new List<byte[]>
        {
            Compact(14, 10, [0xAC, 0x02, 2, 0x01, 1], 2, true),
            Compact(13, 10, [0x01, 1], 1, false).Concat(new byte[32]).ToArray(),
        };
        var w = new BincodeWriter();
        w.WriteU32(10); w.WriteU32(1); w.WritePubkey(default); w.WriteU64(4); w.WriteBytes("seed"u8); w.WritePubkey(default);
        samples.Add(w.ToArray());
        var rng = new Random(7);
        foreach (var sample in samples)
        {
            Assert.NotNull(VoteInstruction.Decode(sample));
            for (var n = 0; n < sample.Length; n++) Assert.Null(VoteInstruction.Decode(sample.AsSpan(0, n)));
            for (var i = 0; i < 500; i++)
            {
                var copy = (byte[])sample.Clone();
                copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
                _ = VoteInstruction.Decode(copy);
            }
        }
    }
}
