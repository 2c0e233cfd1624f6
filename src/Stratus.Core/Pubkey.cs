using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stratus.Core.Encoding;

namespace Stratus.Core;

/// <summary>A 32-byte account address (ed25519 public key or program-derived address).</summary>
[StructLayout(LayoutKind.Sequential, Size = Length)]
public readonly struct Pubkey : IEquatable<Pubkey>, IComparable<Pubkey>, ISpanFormattable, ISpanParsable<Pubkey>
{
    public const int Length = 32;

    /// <summary>Longest base58 form (Agave's MAX_BASE58_LEN for pubkeys).</summary>
    public const int MaxBase58Length = 44;

    private readonly Buffer32 _bytes;

    /// <summary>All zero bytes; also the system program id.</summary>
    public static readonly Pubkey Default;

    public Pubkey(ReadOnlySpan<byte> bytes) => this = FixedBytes.Create<Pubkey>(bytes, "pubkey");

    /// <summary>Reads a key from the first 32 bytes of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pubkey Read(ReadOnlySpan<byte> source) => MemoryMarshal.Read<Pubkey>(source);

    /// <summary>The key bytes. The span points into this value, so it lives only as long as the value does.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    public bool IsDefault => Equals(Default);

    public bool Equals(Pubkey other) => FixedBytes.Equal32(in this, in other);

    public override bool Equals(object? obj) => obj is Pubkey other && Equals(other);

    public override int GetHashCode() => FixedBytes.Fold(in this);

    /// <summary>Byte-wise lexicographic order, as Rust orders <c>[u8; 32]</c>.</summary>
    public int CompareTo(Pubkey other) => FixedBytes.Compare(in this, in other);

    public static bool operator ==(Pubkey left, Pubkey right) => left.Equals(right);
    public static bool operator !=(Pubkey left, Pubkey right) => !left.Equals(right);
    public static bool operator <(Pubkey left, Pubkey right) => left.CompareTo(right) < 0;
    public static bool operator >(Pubkey left, Pubkey right) => left.CompareTo(right) > 0;
    public static bool operator <=(Pubkey left, Pubkey right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Pubkey left, Pubkey right) => left.CompareTo(right) >= 0;

    public override string ToString() => Base58.Encode(AsSpan());

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Base58.TryEncode(AsSpan(), destination, out charsWritten);

    public static Pubkey Parse(string s) => Parse(s.AsSpan());

    public static Pubkey Parse(ReadOnlySpan<char> s) => FixedBytes.Parse<Pubkey>(s, "pubkey");

    public static Pubkey Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan());

    public static Pubkey Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out Pubkey result) => TryParse(s.AsSpan(), out result);

    public static bool TryParse(ReadOnlySpan<char> s, out Pubkey result) => TryParse(s, out result, out _) == Base58Error.None;

    /// <summary>Parses base58 text and reports exactly why it failed.</summary>
    public static Base58Error TryParse(ReadOnlySpan<char> s, out Pubkey result, out int errorPosition)
        => FixedBytes.TryParse(s, out result, out errorPosition);

    /// <summary>Parses base58 held as UTF-8 bytes (e.g. straight from JSON).</summary>
    public static Base58Error TryParseUtf8(ReadOnlySpan<byte> utf8, out Pubkey result) => FixedBytes.TryParseUtf8(utf8, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Pubkey result) => TryParse(s, out result);

    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Pubkey result) => TryParse(s, out result);
}
