namespace Stratus.Core.Serialization;

/// <summary>Why a compact-u16 could not be decoded (the failure kinds of Agave's short_vec visitor).</summary>
public enum ShortU16Error
{
    None = 0,
    /// <summary>The input ended before a byte without the continuation bit.</summary>
    Truncated,
    /// <summary>A zero byte after the first one: a longer encoding of a value that has a shorter one.</summary>
    Alias,
    /// <summary>The third byte has its continuation bit set; at most three bytes are allowed.</summary>
    ByteThreeContinues,
    /// <summary>The third byte carries bits above bit 15.</summary>
    Overflow,
}

/// <summary>
/// Solana's compact-u16 ("short_vec" length): 7 bits per byte, least significant group first, high bit
/// means another byte follows, at most 3 bytes, only the canonical (shortest) encoding is accepted.
/// </summary>
public static class ShortU16
{
    public const int MaxEncodedLength = 3;

    /// <summary>Bytes needed to encode <paramref name="value"/> (1 to 3).</summary>
    public static int EncodedLength(ushort value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : 3;

    /// <summary>Writes the canonical encoding and returns its length. <paramref name="destination"/> needs <see cref="EncodedLength"/> bytes.</summary>
    public static int Encode(ushort value, Span<byte> destination)
    {
        if (value < 0x80)
        {
            destination[0] = (byte)value;
            return 1;
        }
        if (value < 0x4000)
        {
            destination[1] = (byte)(value >> 7);
            destination[0] = (byte)(value | 0x80);
            return 2;
        }
        destination[2] = (byte)(value >> 14);
        destination[1] = (byte)((value >> 7) | 0x80);
        destination[0] = (byte)(value | 0x80);
        return 3;
    }

    /// <summary>
    /// Decodes a compact-u16 from the start of <paramref name="source"/>. Checks run per byte in the
    /// order Agave's visitor applies them: alias (a zero byte after the first), byte-three continuation,
    /// overflow; running out of bytes before a terminal byte is <see cref="ShortU16Error.Truncated"/>.
    /// </summary>
    public static ShortU16Error TryDecode(ReadOnlySpan<byte> source, out ushort value, out int bytesRead)
    {
        value = 0;
        bytesRead = 0;
        if (source.IsEmpty) return ShortU16Error.Truncated;

        var b0 = source[0];
        if (b0 < 0x80)
        {
            value = b0;
            bytesRead = 1;
            return ShortU16Error.None;
        }
        if (source.Length < 2) return ShortU16Error.Truncated;

        var b1 = source[1];
        if (b1 == 0) return ShortU16Error.Alias;
        if (b1 < 0x80)
        {
            value = (ushort)((b0 & 0x7F) | (b1 << 7));
            bytesRead = 2;
            return ShortU16Error.None;
        }
        if (source.Length < 3) return ShortU16Error.Truncated;

        var b2 = source[2];
        if (b2 == 0) return ShortU16Error.Alias;
        if (b2 >= 0x80) return ShortU16Error.ByteThreeContinues;
        if (b2 > 0x03) return ShortU16Error.Overflow;
        value = (ushort)((b0 & 0x7F) | ((b1 & 0x7F) << 7) | (b2 << 14));
        bytesRead = 3;
        return ShortU16Error.None;
    }
}
