using Stratus.Core.Serialization;

namespace Stratus.Core.Tests;

public class BincodeTests
{
    [Fact]
    public void Round_trips_every_primitive_little_endian()
    {
        var w = new BincodeWriter(1);
        w.WriteU8(0xAB);
        w.WriteU16(0x1234);
        w.WriteU32(0xDEADBEEF);
        w.WriteU64(0x0102030405060708);
        w.WriteI64(-2);
        w.WriteBool(true);
        w.WriteBool(false);
        w.WriteU128(UInt128.MaxValue - 5);
        w.WriteF64(0.5);
        w.WriteOptionTag(true);
        w.WriteU32(7);
        w.WriteOptionTag(false);
        w.WriteByteVec([1, 2, 3]);
        w.WriteString("héllo");
        w.WriteShortU16(300);
        w.WritePubkey(ProgramIds.Vote);
        w.WritePodVec<Pubkey>([ProgramIds.Stake, ProgramIds.Config]);
        w.WriteEnumTag(2);

        var bytes = w.ToArray();
        Assert.Equal(new byte[] { 0xAB, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE, 8, 7, 6, 5, 4, 3, 2, 1 }, bytes[..15]);

        var r = new BincodeReader(bytes);
        Assert.Equal(0xAB, r.ReadU8());
        Assert.Equal(0x1234, r.ReadU16());
        Assert.Equal(0xDEADBEEF, r.ReadU32());
        Assert.Equal(0x0102030405060708UL, r.ReadU64());
        Assert.Equal(-2L, r.ReadI64());
        Assert.True(r.ReadBool());
        Assert.False(r.ReadBool());
        Assert.Equal(UInt128.MaxValue - 5, r.ReadU128());
        Assert.Equal(0.5, r.ReadF64());
        Assert.True(r.ReadOptionTag());
        Assert.Equal(7u, r.ReadU32());
        Assert.False(r.ReadOptionTag());
        Assert.Equal(new byte[] { 1, 2, 3 }, r.ReadByteVec().ToArray());
        Assert.Equal("héllo", r.ReadString());
        Assert.Equal(300, r.ReadShortU16());
        Assert.Equal(ProgramIds.Vote, r.ReadPubkey());
        Assert.Equal([ProgramIds.Stake, ProgramIds.Config], r.ReadPodVec<Pubkey>().ToArray());
        Assert.Equal(2u, r.ReadEnumTag());
        Assert.Equal(BincodeError.None, r.Finish());
    }

    [Fact]
    public void Truncation_is_a_sticky_error_at_the_first_failing_read()
    {
        var r = new BincodeReader([1, 2, 3]);
        Assert.Equal(1, r.ReadU8());
        Assert.Equal(0u, r.ReadU32());
        Assert.Equal(BincodeError.UnexpectedEnd, r.Error);
        Assert.Equal(1, r.ErrorPosition);
        // Later reads return defaults and keep the first error.
        Assert.Equal(0, r.ReadU8());
        Assert.False(r.ReadBool());
        Assert.Equal(BincodeError.UnexpectedEnd, r.Error);
        Assert.Equal(1, r.ErrorPosition);
        Assert.False(r.TryReadU8(out _));
    }

    [Theory]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 0xFF })]
    public void Bools_and_option_tags_must_be_zero_or_one(byte[] input)
    {
        var r = new BincodeReader(input);
        r.ReadBool();
        Assert.Equal(BincodeError.InvalidBool, r.Error);
        Assert.Equal(0, r.ErrorPosition);
        var o = new BincodeReader(input);
        o.ReadOptionTag();
        Assert.Equal(BincodeError.InvalidOptionTag, o.Error);
    }

    [Fact]
    public void Lengths_beyond_the_input_fail_before_any_allocation()
    {
        var w = new BincodeWriter();
        w.WriteU64(ulong.MaxValue);
        var r = new BincodeReader(w.WrittenSpan);
        Assert.True(r.ReadByteVec().IsEmpty);
        Assert.Equal(BincodeError.UnexpectedEnd, r.Error);

        w.Clear();
        w.WriteU64(5);
        w.WriteBytes([1, 2, 3, 4, 5]);
        r = new BincodeReader(w.WrittenSpan);
        Assert.True(r.ReadByteVec(maxLength: 4).IsEmpty);
        Assert.Equal(BincodeError.LengthTooLarge, r.Error);

        w.Clear();
        w.WriteU64(2);
        w.WriteBytes(new byte[63]);
        r = new BincodeReader(w.WrittenSpan);
        r.ReadPodVec<Pubkey>();
        Assert.Equal(BincodeError.UnexpectedEnd, r.Error);
    }

    [Fact]
    public void Strings_must_be_utf8()
    {
        var w = new BincodeWriter();
        w.WriteByteVec([0x66, 0xC3, 0x28]);
        var r = new BincodeReader(w.WrittenSpan);
        Assert.Null(r.ReadString());
        Assert.Equal(BincodeError.InvalidUtf8, r.Error);
    }

    [Fact]
    public void Finish_rejects_trailing_bytes()
    {
        var r = new BincodeReader([1, 0]);
        r.ReadU8();
        Assert.Equal(BincodeError.TrailingBytes, r.Finish());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00 }, BincodeError.ShortU16Alias)]
    [InlineData(new byte[] { 0x80 }, BincodeError.ShortU16Truncated)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80 }, BincodeError.ShortU16TooLong)]
    [InlineData(new byte[] { 0x80, 0x80, 0x04 }, BincodeError.ShortU16Overflow)]
    public void Short_u16_errors_surface_through_the_reader(byte[] input, BincodeError expected)
    {
        var r = new BincodeReader(input);
        r.ReadShortU16();
        Assert.Equal(expected, r.Error);
    }

    [Fact]
    public void Writer_grows_and_implements_IBufferWriter()
    {
        var w = new BincodeWriter(16);
        for (var i = 0; i < 1000; i++) w.WriteU64((ulong)i);
        Assert.Equal(8000, w.Length);
        var span = w.GetSpan(4);
        span[0] = 9;
        w.Advance(1);
        Assert.Equal(8001, w.Length);
        Assert.Equal(9, w.WrittenSpan[8000]);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteShortVecLength(65536));
    }
}
