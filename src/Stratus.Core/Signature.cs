using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stratus.Core.Encoding;

namespace Stratus.Core;

/// <summary>A 64-byte ed25519 signature.</summary>
[StructLayout(LayoutKind.Sequential, Size = Length)]
public readonly struct Signature : IEquatable<Signature>, IComparable<Signature>, ISpanFormattable, ISpanParsable<Signature>
{
    public const int Length = 64;

    /// <summary>Longest base58 form of 64 bytes.</summary>
    public const int MaxBase58Length = 88;

    private readonly Buffer64 _bytes;

    /// <summary>All zero bytes.</summary>
    public static readonly Signature Default;

    public Signature(ReadOnlySpan<byte> bytes) => this = FixedBytes.Create<Signature>(bytes, "signature");

    /// <summary>Reads a signature from the first 64 bytes of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Signature Read(ReadOnlySpan<byte> source) => MemoryMarshal.Read<Signature>(source);

    /// <summary>The signature bytes. The span points into this value, so it lives only as long as the value does.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    public bool IsDefault => Equals(Default);

    public bool Equals(Signature other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is Signature other && Equals(other);

    public override int GetHashCode() => FixedBytes.Fold(in this);

    /// <summary>Byte-wise lexicographic order, as Rust orders <c>[u8; 64]</c>.</summary>
    public int CompareTo(Signature other) => FixedBytes.Compare(in this, in other);

    public static bool operator ==(Signature left, Signature right) => left.Equals(right);
    public static bool operator !=(Signature left, Signature right) => !left.Equals(right);
    public static bool operator <(Signature left, Signature right) => left.CompareTo(right) < 0;
    public static bool operator >(Signature left, Signature right) => left.CompareTo(right) > 0;
    public static bool operator <=(Signature left, Signature right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Signature left, Signature right) => left.CompareTo(right) >= 0;

    public override string ToString() => Base58.Encode(AsSpan());

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Base58.TryEncode(AsSpan(), destination, out charsWritten);

    public static Signature Parse(string s) => Parse(s.AsSpan());

    public static Signature Parse(ReadOnlySpan<char> s) => FixedBytes.Parse<Signature>(s, "signature");

    public static Signature Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan());

    public static Signature Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out Signature result) => TryParse(s.AsSpan(), out result);

    public static bool TryParse(ReadOnlySpan<char> s, out Signature result) => TryParse(s, out result, out _) == Base58Error.None;

    /// <summary>Parses base58 text and reports exactly why it failed.</summary>
    public static Base58Error TryParse(ReadOnlySpan<char> s, out Signature result, out int errorPosition)
        => FixedBytes.TryParse(s, out result, out errorPosition);

    /// <summary>Parses base58 held as UTF-8 bytes (e.g. straight from JSON).</summary>
    public static Base58Error TryParseUtf8(ReadOnlySpan<byte> utf8, out Signature result) => FixedBytes.TryParseUtf8(utf8, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Signature result) => TryParse(s, out result);

    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Signature result) => TryParse(s, out result);
}
