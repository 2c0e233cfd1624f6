namespace Stratus.Core.Serialization;

/// <summary>Why bincode (1.x, fixint, little-endian) input could not be read.</summary>
public enum BincodeError
{
    None = 0,
    /// <summary>The input ended inside a value.</summary>
    UnexpectedEnd,
    /// <summary>A bool byte other than 0 or 1.</summary>
    InvalidBool,
    /// <summary>An Option tag other than 0 or 1.</summary>
    InvalidOptionTag,
    /// <summary>An enum discriminant the type does not define (reported by callers through <see cref="BincodeReader.Fail"/>).</summary>
    InvalidEnumTag,
    /// <summary>A string that is not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>A length prefix larger than the remaining input could hold, or beyond a caller's limit.</summary>
    LengthTooLarge,
    /// <summary>Input left over after a value that must consume everything.</summary>
    TrailingBytes,
    /// <summary>A compact-u16 that ends early (see <see cref="ShortU16Error.Truncated"/>).</summary>
    ShortU16Truncated,
    /// <summary>A compact-u16 alias (non-canonical) encoding.</summary>
    ShortU16Alias,
    /// <summary>A compact-u16 whose third byte has the continuation bit.</summary>
    ShortU16TooLong,
    /// <summary>A compact-u16 above 65535.</summary>
    ShortU16Overflow,
    /// <summary>A value that is well-formed bincode but not allowed by the type being read.</summary>
    InvalidValue,
}
