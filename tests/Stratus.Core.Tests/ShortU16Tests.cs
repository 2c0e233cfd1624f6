using Stratus.Core.Serialization;

namespace Stratus.Core.Tests;

// Cases follow the behaviour pinned by Agave's short_vec tests (solana-short-vec 2.2).
public class ShortU16Tests
{
    [Theory]
    [InlineData(0x0000, new byte[] { 0x00 })]
    [InlineData(0x007F, new byte[] { 0x7F })]
    [InlineData(0x0080, new byte[] { 0x80, 0x01 })]
    [InlineData(0x00FF, new byte[] { 0xFF, 0x01 })]
    [InlineData(0x0100, new byte[] { 0x80, 0x02 })]
    [InlineData(0x07FF, new byte[] { 0xFF, 0x0F })]
    [InlineData(0x3FFF, new byte[] { 0xFF, 0x7F })]
    [InlineData(0x4000, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(0x7FFF, new byte[] { 0xFF, 0xFF, 0x01 })]
    [InlineData(0xFFFF, new byte[] { 0xFF, 0xFF, 0x03 })]
    public void Encodes_and_decodes_canonical_values(int value, byte[] encoding)
    {
        Span<byte> buffer = stackalloc byte[3];
        var n = ShortU16.Encode((ushort)value, buffer);
        Assert.Equal(encoding, buffer[..n].ToArray());
        Assert.Equal(encoding.Length, ShortU16.EncodedLength((ushort)value));
        Assert.Equal(ShortU16Error.None, ShortU16.TryDecode(encoding, out var decoded, out var read));
        Assert.Equal(value, decoded);
        Assert.Equal(encoding.Length, read);
    }

    [Theory]
    // aliases of 0x0000, 0x007F, 0x0080, 0x00FF, 0x0100, 0x07FF, 0x3FFF
    [InlineData(new byte[] { 0x80, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0x80, 0x80, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0xFF, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0xFF, 0x80, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0x80, 0x81, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0xFF, 0x81, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0x80, 0x82, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0xFF, 0x8F, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x00 }, ShortU16Error.Alias)]
    [InlineData(new byte[] { 0x81, 0x80, 0x00, 0x00 }, ShortU16Error.Alias)]
    // too short
    [InlineData(new byte[] { }, ShortU16Error.Truncated)]
    [InlineData(new byte[] { 0x80 }, ShortU16Error.Truncated)]
    [InlineData(new byte[] { 0xFF, 0xFF }, ShortU16Error.Truncated)]
    // too long: the third byte may not continue
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x00 }, ShortU16Error.ByteThreeContinues)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF }, ShortU16Error.ByteThreeContinues)]
    // too large: 0x1_0000 and 0x1_8000
    [InlineData(new byte[] { 0x80, 0x80, 0x04 }, ShortU16Error.Overflow)]
    [InlineData(new byte[] { 0x80, 0x80, 0x06 }, ShortU16Error.Overflow)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x7F }, ShortU16Error.Overflow)]
    public void Rejects_non_canonical_truncated_and_oversized_encodings(byte[] encoding, ShortU16Error expected)
    {
        Assert.Equal(expected, ShortU16.TryDecode(encoding, out _, out _));
    }

    [Fact]
    public void A_continuation_byte_of_0x80_in_the_middle_is_not_an_alias()
    {
        // 0x407F = 0b1_0000000_1111111: a zero middle group with its continuation bit is canonical.
        Assert.Equal(ShortU16Error.None, ShortU16.TryDecode([0xFF, 0x80, 0x01], out var v, out var n));
        Assert.Equal(0x407F, v);
        Assert.Equal(3, n);
    }

    [Fact]
    public void Every_value_round_trips_and_only_its_canonical_form_decodes()
    {
        Span<byte> buffer = stackalloc byte[3];
        for (var value = 0; value <= ushort.MaxValue; value++)
        {
            var n = ShortU16.Encode((ushort)value, buffer);
            Assert.Equal(ShortU16Error.None, ShortU16.TryDecode(buffer[..n], out var decoded, out var read));
            Assert.Equal(value, decoded);
            Assert.Equal(n, read);
        }
        // Every two-byte input: accepted ones end on the second byte and are canonical.
        Span<byte> pair = stackalloc byte[2];
        for (var i = 0; i < 1 << 16; i++)
        {
            pair[0] = (byte)i;
            pair[1] = (byte)(i >> 8);
            if (ShortU16.TryDecode(pair, out var value, out var read) != ShortU16Error.None) continue;
            var n = ShortU16.Encode(value, buffer);
            if (n != read || !buffer[..n].SequenceEqual(pair[..n])) Assert.Fail($"{pair[0]:x2} {pair[1]:x2} decoded to non-canonical {value}");
        }
        // Exhaustive over every input that can reach a third byte (first two bytes continue): each
        // accepted input is the canonical encoding of its value.
        var accepted = 0;
        Span<byte> input = stackalloc byte[3];
        for (var b0 = 0x80; b0 <= 0xFF; b0++)
        for (var b1 = 0x80; b1 <= 0xFF; b1++)
        for (var b2 = 0; b2 <= 0xFF; b2++)
        {
            input[0] = (byte)b0;
            input[1] = (byte)b1;
            input[2] = (byte)b2;
            if (ShortU16.TryDecode(input, out var value, out var read) != ShortU16Error.None) continue;
            var n = ShortU16.Encode(value, buffer);
            if (n != 3 || read != 3 || !buffer[..n].SequenceEqual(input)) Assert.Fail($"{b0:x2} {b1:x2} {b2:x2} decoded to non-canonical {value}");
            accepted++;
        }
        Assert.Equal(0x10000 - 0x4000, accepted);
    }
}
