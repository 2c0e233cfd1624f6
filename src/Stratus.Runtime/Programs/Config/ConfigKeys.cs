using Stratus.Core;
using Stratus.Core.Serialization;

namespace Stratus.Runtime.Programs.Config;

/// <summary>One entry of a config account's key list: a key and whether it must sign updates.</summary>
public readonly record struct ConfigKey(Pubkey Key, bool IsSigner);

public enum ConfigKeysErrorKind : byte
{
    None,
    /// <summary>The data ended inside the list.</summary>
    UnexpectedEnd,
    /// <summary>A signer flag other than 0 or 1 (<see cref="ConfigKeysError.Value"/> is the byte).</summary>
    InvalidBool,
    /// <summary>A compact-u16 length in a longer form than needed.</summary>
    LengthAlias,
    /// <summary>A compact-u16 length whose third byte asks for a fourth.</summary>
    LengthByteThreeContinues,
    /// <summary>A compact-u16 length above 65535 (<see cref="ConfigKeysError.Value"/> is the decoded value).</summary>
    LengthOverflow,
    /// <summary>The list needs more bytes than the reader may consume (limited_deserialize's bound).</summary>
    LimitExceeded,
}

/// <summary>Why a ConfigKeys list could not be read, with the bincode 1.3 text Agave logs for it.</summary>
public readonly record struct ConfigKeysError(ConfigKeysErrorKind Kind, uint Value = 0)
{
    /// <summary>The Display of the bincode error (short_vec failures surface as serde custom errors).</summary>
    public string Describe() => Kind switch
    {
        ConfigKeysErrorKind.UnexpectedEnd => "io error: unexpected end of file",
        ConfigKeysErrorKind.InvalidBool => $"invalid u8 while decoding bool, expected 0 or 1, found {Value}",
        ConfigKeysErrorKind.LengthAlias => "invalid value: alias encoding, expected strict form encoding",
        ConfigKeysErrorKind.LengthByteThreeContinues => "invalid value: continue signal on byte-three, expected a terminal signal on or before byte-three",
        ConfigKeysErrorKind.LengthOverflow => $"invalid value: integer `{Value}`, expected a value in the range [0, 65535]",
        ConfigKeysErrorKind.LimitExceeded => "the size limit has been reached",
        _ => "",
    };
}

/// <summary>
/// The key list at the head of every config account and of every Store instruction (solana-config-program
/// <c>ConfigKeys</c>): a short_vec of (pubkey, bool) pairs, 33 bytes each. The config data follows it.
/// </summary>
public static class ConfigKeys
{
    private const int EntrySize = Pubkey.Length + 1;

    /// <summary>
    /// Reads the list from the start of <paramref name="data"/>, consuming at most <paramref name="limit"/>
    /// bytes (trailing bytes are the config data). <paramref name="size"/> is the encoded length.
    /// </summary>
    public static ConfigKeysError? TryRead(ReadOnlySpan<byte> data, out ConfigKey[] keys, out int size, int limit = int.MaxValue)
    {
        keys = [];
        size = 0;
        var lengthError = ShortU16.TryDecode(data, out var count, out var lengthSize);
        switch (lengthError)
        {
            case ShortU16Error.None:
                break;
            case ShortU16Error.Alias:
                return new ConfigKeysError(ConfigKeysErrorKind.LengthAlias);
            case ShortU16Error.ByteThreeContinues:
                return new ConfigKeysError(ConfigKeysErrorKind.LengthByteThreeContinues);
            case ShortU16Error.Overflow:
                return new ConfigKeysError(ConfigKeysErrorKind.LengthOverflow,
                    (uint)(data[0] & 0x7F) | (uint)(data[1] & 0x7F) << 7 | (uint)(data[2] & 0x7F) << 14);
            default:
                return Exhausted(data.Length, limit);
        }
        if (lengthSize > limit) return new ConfigKeysError(ConfigKeysErrorKind.LimitExceeded);

        var available = Math.Min(data.Length, limit) - lengthSize;
        var whole = Math.Min(count, available / EntrySize);
        var list = new ConfigKey[whole];
        var offset = lengthSize;
        for (var i = 0; i < whole; i++, offset += EntrySize)
        {
            var flag = data[offset + Pubkey.Length];
            if (flag > 1) return new ConfigKeysError(ConfigKeysErrorKind.InvalidBool, flag);
            list[i] = new ConfigKey(Pubkey.Read(data[offset..]), flag == 1);
        }
        if (whole < count) return Exhausted(data.Length, limit);
        keys = list;
        size = offset;
        return null;
    }

    // Which bound a read that cannot complete hits first; bincode checks the limit before each read.
    private static ConfigKeysError Exhausted(int dataLength, int limit) =>
        new(limit <= dataLength ? ConfigKeysErrorKind.LimitExceeded : ConfigKeysErrorKind.UnexpectedEnd);

    public static byte[] Serialize(ReadOnlySpan<ConfigKey> keys)
    {
        Span<byte> prefix = stackalloc byte[ShortU16.MaxEncodedLength];
        var lengthSize = ShortU16.Encode(checked((ushort)keys.Length), prefix);
        var buffer = new byte[lengthSize + keys.Length * EntrySize];
        prefix[..lengthSize].CopyTo(buffer);
        var offset = lengthSize;
        foreach (var key in keys)
        {
            key.Key.CopyTo(buffer.AsSpan(offset));
            buffer[offset + Pubkey.Length] = key.IsSigner ? (byte)1 : (byte)0;
            offset += EntrySize;
        }
        return buffer;
    }
}
