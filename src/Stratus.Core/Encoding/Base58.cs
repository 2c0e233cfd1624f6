using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Stratus.Core.Encoding;

/// <summary>Why a base58 string could not be decoded.</summary>
public enum Base58Error
{
    None = 0,
    /// <summary>A character outside the Bitcoin alphabet (0, O, I, l, non-ASCII, whitespace, ...).</summary>
    InvalidCharacter,
    /// <summary>The string is longer than any encoding of the expected byte length can be.</summary>
    InputTooLong,
    /// <summary>The string is valid base58 but decodes to a different number of bytes than required.</summary>
    WrongLength,
    /// <summary>The destination span cannot hold the decoded bytes.</summary>
    OutputTooSmall,
}

/// <summary>
/// Base58 with the Bitcoin alphabet, as used for Solana keys, hashes and signatures.
/// Works on limbs of 58^5 (encode) and 2^32 (decode) so a 32-byte key costs a few dozen
/// multiply/divide steps instead of one per digit and byte.
/// </summary>
public static class Base58
{
    public const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>58^5, the largest power of 58 whose digits fit a 32-bit limb with headroom for carries.</summary>
    private const uint Radix5 = 656_356_768;

    private static readonly uint[] Pow58 = [1, 58, 3364, 195_112, 11_316_496, Radix5];

    private static readonly sbyte[] DigitOf = BuildDigitTable();

    private static sbyte[] BuildDigitTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) table[Alphabet[i]] = (sbyte)i;
        return table;
    }

    /// <summary>Longest encoding of <paramref name="byteCount"/> bytes (44 for 32, 88 for 64).</summary>
    public static int MaxEncodedLength(int byteCount) => (int)Math.Ceiling(byteCount * Log256Over58);

    // log(256)/log(58): base58 digits per byte. ceil(n * this) bounds every encoding of n bytes.
    private static readonly double Log256Over58 = Math.Log(256) / Math.Log(58);

    /// <summary>Longest decoding of <paramref name="charCount"/> characters that do not start with '1' (each leading '1' is one more zero byte).</summary>
    public static int MaxDecodedLength(int charCount) => charCount == 0 ? 0 : (int)((long)charCount * 733 / 1000) + 1;

    /// <summary>Encodes bytes as a base58 string.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return string.Empty;
        var max = MaxEncodedLength(data.Length);
        char[]? rented = null;
        var buffer = max <= 256 ? stackalloc char[max] : (rented = ArrayPool<char>.Shared.Rent(max));
        try
        {
            var n = Encode(data, buffer);
            return new string(buffer[..n]);
        }
        finally
        {
            if (rented != null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Encodes into <paramref name="destination"/> (at least <see cref="MaxEncodedLength"/> long) and returns the number of characters.</summary>
    public static int Encode(ReadOnlySpan<byte> data, Span<char> destination)
    {
        if (!TryEncode(data, destination, out var written))
            throw new ArgumentException($"destination needs up to {MaxEncodedLength(data.Length)} characters", nameof(destination));
        return written;
    }

    /// <summary>Encodes into <paramref name="destination"/>; false when it is too short.</summary>
    public static bool TryEncode(ReadOnlySpan<byte> data, Span<char> destination, out int charsWritten)
    {
        // Keys and signatures (and anything up to 232 bytes) need at most 64 limbs: no pooling, no try/finally.
        if (data.Length <= 232)
        {
            Span<uint> limbs = stackalloc uint[64];
            return EncodeCore(data, limbs, destination, out charsWritten);
        }
        var rented = ArrayPool<uint>.Shared.Rent(data.Length * 138 / 500 + 2);
        try
        {
            return EncodeCore(data, rented, destination, out charsWritten);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(rented);
        }
    }

    [SkipLocalsInit]
    private static bool EncodeCore(ReadOnlySpan<byte> data, Span<uint> limbs, Span<char> destination, out int charsWritten)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;
        var rest = data[zeros..];

        // Little-endian limbs in base 58^5, fed with big-endian 32-bit chunks; the first chunk holds the
        // rest.Length % 4 leading bytes.
        var used = 0;
        var head = rest.Length & 3;
        var pos = 0;
        if (head != 0)
        {
            uint chunk = 0;
            for (; pos < head; pos++) chunk = (chunk << 8) | rest[pos];
            used = MulAddLimbs(limbs, used, 8 * head, chunk);
        }
        for (; pos < rest.Length; pos += 4)
        {
            used = MulAddLimbs(limbs, used, 32, BinaryPrimitives.ReadUInt32BigEndian(rest[pos..]));
        }
        return WriteDigits(limbs[..used], zeros, destination, out charsWritten);
    }

    // Writes '1' per leading zero byte, then the base 58^5 limbs (little-endian, top limb non-zero) as digits.
    private static bool WriteDigits(ReadOnlySpan<uint> limbs, int zeros, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var used = limbs.Length;
        var topDigits = 0;
        if (used > 0)
        {
            var top = limbs[used - 1];
            while (top != 0) { topDigits++; top /= 58; }
        }
        var total = zeros + topDigits + (used > 0 ? (used - 1) * 5 : 0);
        if (total > destination.Length) return false;

        destination[..zeros].Fill('1');
        var o = total;
        for (var i = 0; i < used; i++)
        {
            var limb = limbs[i];
            var digits = i == used - 1 ? topDigits : 5;
            for (var d = 0; d < digits; d++)
            {
                var q = limb / 58;
                destination[--o] = Alphabet[(int)(limb - q * 58)];
                limb = q;
            }
        }
        charsWritten = total;
        return true;
    }

    // limbs = limbs * 2^shift + chunk, in base 58^5. Values stay below 2^63 since every limb is < 2^30.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MulAddLimbs(Span<uint> limbs, int used, int shift, uint chunk)
    {
        ulong carry = chunk;
        for (var j = 0; j < used; j++)
        {
            var x = ((ulong)limbs[j] << shift) + carry;
            carry = DivRadix5(x);
            limbs[j] = (uint)(x - carry * Radix5);
        }
        while (carry != 0)
        {
            var q = DivRadix5(carry);
            limbs[used++] = (uint)(carry - q * Radix5);
            carry = q;
        }
        return used;
    }

    // x / 58^5 for x < 2^63 as a multiply by a fixed-point reciprocal: the JIT emits a hardware divide
    // for 64-bit division by this constant, which costs more than all the other work of an encode.
    // With m = ceil(2^93 / d) the error term m*d - 2^93 is below d < 2^30, so the quotient is exact for x < 2^63.
    private const ulong Radix5Reciprocal = 15_088_623_744_157_144_426; // ceil(2^93 / 656356768)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DivRadix5(ulong x) => Math.BigMul(x, Radix5Reciprocal, out _) >> 29;

    /// <summary>Decodes a base58 string of any length; throws <see cref="FormatException"/> on bad input.</summary>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        var ones = text.Length - text.TrimStart('1').Length;
        var max = ones + MaxDecodedLength(text.Length - ones);
        var buffer = new byte[max];
        var error = TryDecode(text, buffer, out var written, out var position);
        if (error != Base58Error.None) throw new FormatException(Describe(error, position));
        return written == max ? buffer : buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes text of any length into <paramref name="destination"/>.</summary>
    public static Base58Error TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
        => TryDecode(text, destination, out bytesWritten, out _);

    /// <summary>Decodes text of any length; <paramref name="errorPosition"/> is the offending character index for <see cref="Base58Error.InvalidCharacter"/>.</summary>
    public static Base58Error TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten, out int errorPosition)
        => DecodeCore(text, destination, exact: false, out bytesWritten, out errorPosition);

    /// <summary>Decodes UTF-8/ASCII text of any length.</summary>
    public static Base58Error TryDecodeUtf8(ReadOnlySpan<byte> text, Span<byte> destination, out int bytesWritten, out int errorPosition)
        => DecodeCore(text, destination, exact: false, out bytesWritten, out errorPosition);

    /// <summary>
    /// Decodes text that must encode exactly <c>destination.Length</c> bytes (a key, hash or signature).
    /// Text longer than the longest such encoding is rejected before any decoding work.
    /// </summary>
    public static Base58Error TryDecodeExact(ReadOnlySpan<char> text, Span<byte> destination, out int errorPosition)
        => DecodeCore(text, destination, exact: true, out _, out errorPosition);

    /// <inheritdoc cref="TryDecodeExact(ReadOnlySpan{char}, Span{byte}, out int)"/>
    public static Base58Error TryDecodeExactUtf8(ReadOnlySpan<byte> text, Span<byte> destination, out int errorPosition)
        => DecodeCore(text, destination, exact: true, out _, out errorPosition);

    private static Base58Error DecodeCore<TChar>(ReadOnlySpan<TChar> text, Span<byte> destination, bool exact, out int bytesWritten, out int errorPosition)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        bytesWritten = 0;
        errorPosition = -1;
        if (exact && text.Length > MaxEncodedLength(destination.Length)) return Base58Error.InputTooLong;

        // Validate every character first so an invalid character is reported even in overlong input.
        for (var i = 0; i < text.Length; i++)
        {
            var c = uint.CreateTruncating(text[i]);
            if (c >= 128 || DigitOf[c] < 0)
            {
                errorPosition = i;
                return Base58Error.InvalidCharacter;
            }
        }

        var zeros = 0;
        while (zeros < text.Length && uint.CreateTruncating(text[zeros]) == '1') zeros++;
        var digits = text[zeros..];

        // Little-endian 32-bit words of the value; an exact decode may use only destination.Length bytes.
        var wordCapacity = exact ? (destination.Length + 3) / 4 : (MaxDecodedLength(digits.Length) + 3) / 4 + 1;
        if (wordCapacity <= 64)
        {
            Span<uint> words = stackalloc uint[64];
            return DecodeDigits(digits, zeros, words[..wordCapacity], destination, exact, out bytesWritten);
        }
        var rented = ArrayPool<uint>.Shared.Rent(wordCapacity);
        try
        {
            return DecodeDigits(digits, zeros, rented.AsSpan(0, wordCapacity), destination, exact, out bytesWritten);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(rented);
        }
    }

    // Digits (already validated, leading '1's removed) -> words, base 2^32 little-endian -> bytes.
    [SkipLocalsInit]
    private static Base58Error DecodeDigits<TChar>(ReadOnlySpan<TChar> digits, int zeros, Span<uint> words, Span<byte> destination, bool exact, out int bytesWritten)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        bytesWritten = 0;
        var used = 0;
        var first = digits.Length % 5;
        if (first == 0 && digits.Length > 0) first = 5;
        var pos = 0;
        while (pos < digits.Length)
        {
            var groupLength = pos == 0 ? first : 5;
            uint group = 0;
            for (var k = 0; k < groupLength; k++) group = group * 58 + (uint)DigitOf[uint.CreateTruncating(digits[pos + k])];
            pos += groupLength;

            ulong carry = group;
            ulong multiplier = Pow58[groupLength];
            for (var j = 0; j < used; j++)
            {
                var x = words[j] * multiplier + carry;
                words[j] = (uint)x;
                carry = x >> 32;
            }
            while (carry != 0)
            {
                if (used == words.Length) return Base58Error.WrongLength;
                words[used++] = (uint)carry;
                carry >>= 32;
            }
        }

        // Significant bytes of the value, most significant word first.
        var valueBytes = used == 0 ? 0 : (used - 1) * 4 + (4 - BitOperations.LeadingZeroCount(words[used - 1]) / 8);
        var total = zeros + valueBytes;
        if (exact)
        {
            if (total != destination.Length) return Base58Error.WrongLength;
        }
        else if (total > destination.Length)
        {
            return Base58Error.OutputTooSmall;
        }

        destination[..zeros].Clear();
        var o = total;
        for (var j = 0; j < used; j++)
        {
            var w = words[j];
            var n = j == used - 1 ? valueBytes - j * 4 : 4;
            for (var b = 0; b < n; b++)
            {
                destination[--o] = (byte)w;
                w >>= 8;
            }
        }
        bytesWritten = total;
        return Base58Error.None;
    }

    /// <summary>A human-readable message for a decode error.</summary>
    public static string Describe(Base58Error error, int position = -1, int expectedLength = -1) => error switch
    {
        Base58Error.None => "ok",
        Base58Error.InvalidCharacter => position >= 0 ? $"invalid base58 character at index {position}" : "invalid base58 character",
        Base58Error.InputTooLong => expectedLength >= 0
            ? $"base58 string longer than {MaxEncodedLength(expectedLength)} characters cannot encode {expectedLength} bytes"
            : "base58 string too long",
        Base58Error.WrongLength => expectedLength >= 0 ? $"base58 string does not decode to exactly {expectedLength} bytes" : "base58 string decodes to the wrong length",
        Base58Error.OutputTooSmall => "destination too small for decoded base58",
        _ => error.ToString(),
    };
}
