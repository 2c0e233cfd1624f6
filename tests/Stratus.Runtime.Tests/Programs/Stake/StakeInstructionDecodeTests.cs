using Stratus.Core;
using Stratus.Core.Serialization;
using Stratus.Runtime.Programs.Stake;

namespace Stratus.Runtime.Tests.Stake;

/// <summary>StakeInstruction bincode as limited_deserialize reads it; malformed input is null (InvalidInstructionData).</summary>
public class StakeInstructionDecodeTests
{
    private static Pubkey Key(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private static byte[] Encode(uint tag, Action<BincodeWriter>? body = null)
    {
        var w = new BincodeWriter();
        w.WriteU32(tag);
        body?.Invoke(w);
        return w.ToArray();
    }

    private static void WriteString(BincodeWriter w, byte[] utf8)
    {
        w.WriteU64((ulong)utf8.Length);
        w.WriteBytes(utf8);
    }

    public static TheoryData<string, byte[]> WellFormed() => new()
    {
        { "Initialize", Encode(0, w => { w.WritePubkey(Key(1)); w.WritePubkey(Key(2)); w.WriteI64(-1); w.WriteU64(9); w.WritePubkey(Key(3)); }) },
        { "Authorize", Encode(1, w => { w.WritePubkey(Key(1)); w.WriteU32(1); }) },
        { "DelegateStake", Encode(2) },
        { "Split", Encode(3, w => w.WriteU64(5)) },
        { "Withdraw", Encode(4, w => w.WriteU64(5)) },
        { "Deactivate", Encode(5) },
        { "SetLockup", Encode(6, w => { w.WriteU8(1); w.WriteI64(4); w.WriteU8(0); w.WriteU8(1); w.WritePubkey(Key(7)); }) },
        { "Merge", Encode(7) },
        { "AuthorizeWithSeed", Encode(8, w => { w.WritePubkey(Key(1)); w.WriteU32(0); WriteString(w, "seed"u8.ToArray()); w.WritePubkey(Key(2)); }) },
        { "InitializeChecked", Encode(9) },
        { "AuthorizeChecked", Encode(10, w => w.WriteU32(1)) },
        { "AuthorizeCheckedWithSeed", Encode(11, w => { w.WriteU32(1); WriteString(w, "s"u8.ToArray()); w.WritePubkey(Key(2)); }) },
        { "SetLockupChecked", Encode(12, w => { w.WriteU8(0); w.WriteU8(1); w.WriteU64(3); }) },
        { "GetMinimumDelegation", Encode(13) },
        { "DeactivateDelinquent", Encode(14) },
        { "Redelegate", Encode(15) },
        { "MoveStake", Encode(16, w => w.WriteU64(5)) },
        { "MoveLamports", Encode(17, w => w.WriteU64(5)) },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void DecodesAndRejectsEveryTruncation(string kind, byte[] data)
    {
        var ix = StakeInstruction.Decode(data);
        Assert.NotNull(ix);
        Assert.Equal(kind, ix.Kind.ToString());
        for (var len = 0; len < data.Length; len++)
            Assert.Null(StakeInstruction.Decode(data.AsSpan(0, len)));
        // Trailing bytes are allowed.
        Assert.NotNull(StakeInstruction.Decode([.. data, 0xFF, 0xFF]));
    }

    [Fact]
    public void FieldsAreRead()
    {
        var init = StakeInstruction.Decode(Encode(0, w => { w.WritePubkey(Key(1)); w.WritePubkey(Key(2)); w.WriteI64(-1); w.WriteU64(9); w.WritePubkey(Key(3)); }))!;
        Assert.Equal(new Authorized(Key(1), Key(2)), init.Authorized);
        Assert.Equal(new Lockup(-1, 9, Key(3)), init.Lockup);

        var lockup = StakeInstruction.Decode(Encode(6, w => { w.WriteU8(1); w.WriteI64(4); w.WriteU8(0); w.WriteU8(1); w.WritePubkey(Key(7)); }))!;
        Assert.Equal(new LockupArgs(4, null, Key(7)), lockup.LockupArgs);

        var seeded = StakeInstruction.Decode(Encode(8, w => { w.WritePubkey(Key(1)); w.WriteU32(1); WriteString(w, "seed"u8.ToArray()); w.WritePubkey(Key(2)); }))!;
        Assert.Equal((Key(1), StakeAuthorize.Withdrawer, "seed", Key(2)), (seeded.NewAuthority, seeded.Role, seeded.Seed, seeded.SeedOwner));

        Assert.Equal(5UL, StakeInstruction.Decode(Encode(17, w => w.WriteU64(5)))!.Lamports);
    }

    [Fact]
    public void MalformedFieldsAreRejected()
    {
        Assert.Null(StakeInstruction.Decode(Encode(18)));
        Assert.Null(StakeInstruction.Decode(Encode(99)));
        Assert.Null(StakeInstruction.Decode(Encode(uint.MaxValue)));
        // StakeAuthorize has two variants.
        Assert.Null(StakeInstruction.Decode(Encode(10, w => w.WriteU32(2))));
        // Option tags are 0 or 1.
        Assert.Null(StakeInstruction.Decode(Encode(12, w => { w.WriteU8(2); w.WriteU8(0); })));
        // Seeds are UTF-8, and their length must fit the data.
        Assert.Null(StakeInstruction.Decode(Encode(11, w => { w.WriteU32(0); WriteString(w, [0xC3, 0x28]); w.WritePubkey(Key(2)); })));
        Assert.Null(StakeInstruction.Decode(Encode(11, w => { w.WriteU32(0); w.WriteU64(ulong.MaxValue); })));
    }

    [Fact]
    public void ReadsStopAtThePacketSizeLimit()
    {
        // A seed running past 1232 bytes cannot be read, even when the data holds it.
        var seed = new byte[1232];
        Array.Fill(seed, (byte)'a');
        var data = Encode(11, w => { w.WriteU32(0); WriteString(w, seed); w.WritePubkey(Key(2)); });
        Assert.Null(StakeInstruction.Decode(data));
        Assert.NotNull(StakeInstruction.Decode([.. Encode(5), .. new byte[2000]]));
    }

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        var rng = new Random(11);
        var buffer = new byte[96];
        for (var i = 0; i < 5_000; i++)
        {
            rng.NextBytes(buffer);
            buffer[0] = (byte)(i % 20);
            buffer[1] = buffer[2] = buffer[3] = 0;
            _ = StakeInstruction.Decode(buffer.AsSpan(0, rng.Next(buffer.Length + 1)));
        }
    }
}
