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

    public Pubkey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new ArgumentException($"a pubkey is {Length} bytes, got {bytes.Length}", nameof(bytes));
        bytes.CopyTo(_bytes);
    }

    /// <summary>Reads a key from the first 32 bytes of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pubkey Read(ReadOnlySpan<byte> source) => MemoryMarshal.Read<Pubkey>(source);

    /// <summary>The key bytes. The span points into this value, so it lives only as long as the value does.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    public bool IsDefault => Equals(Default);

    public bool Equals(Pubkey other)
    {
        ref var a = ref Unsafe.As<Pubkey, byte>(ref Unsafe.AsRef(in this));
        ref var b = ref Unsafe.As<Pubkey, byte>(ref other);
        return Unsafe.ReadUnaligned<ulong>(ref a) == Unsafe.ReadUnaligned<ulong>(ref b)
            && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, 8)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 8))
            && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, 16)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 16))
            && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, 24)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 24));
    }

    public override bool Equals(object? obj) => obj is Pubkey other && Equals(other);

    // Program ids are vanity keys that share long prefixes (all sysvars start alike), so fold every
    // 8-byte word instead of taking a prefix.
    public override int GetHashCode()
    {
        ref var b = ref Unsafe.As<Pubkey, byte>(ref Unsafe.AsRef(in this));
        var h = Unsafe.ReadUnaligned<ulong>(ref b);
        for (var i = 8; i < Length; i += 8) h = (h * 0x9E3779B97F4A7C15) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i));
        return (int)(h ^ (h >> 32));
    }

    /// <summary>Byte-wise lexicographic order, as Rust orders <c>[u8; 32]</c>.</summary>
    public int CompareTo(Pubkey other) => AsSpan().SequenceCompareTo(other.AsSpan());

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

    public static Pubkey Parse(ReadOnlySpan<char> s)
    {
        var error = TryParse(s, out var key, out var position);
        if (error != Base58Error.None) throw new FormatException($"invalid pubkey '{s}': {Base58.Describe(error, position, Length)}");
        return key;
    }

    public static Pubkey Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan());

    public static Pubkey Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out Pubkey result)
    {
        result = default;
        return s != null && TryParse(s.AsSpan(), out result, out _) == Base58Error.None;
    }

    public static bool TryParse(ReadOnlySpan<char> s, out Pubkey result) => TryParse(s, out result, out _) == Base58Error.None;

    /// <summary>Parses base58 text and reports exactly why it failed.</summary>
    public static Base58Error TryParse(ReadOnlySpan<char> s, out Pubkey result, out int errorPosition)
    {
        Buffer32 buffer = default;
        var error = Base58.TryDecodeExact(s, buffer, out errorPosition);
        result = error == Base58Error.None ? Unsafe.As<Buffer32, Pubkey>(ref buffer) : default;
        return error;
    }

    /// <summary>Parses base58 held as UTF-8 bytes (e.g. straight from JSON).</summary>
    public static Base58Error TryParseUtf8(ReadOnlySpan<byte> utf8, out Pubkey result)
    {
        Buffer32 buffer = default;
        var error = Base58.TryDecodeExactUtf8(utf8, buffer, out _);
        result = error == Base58Error.None ? Unsafe.As<Buffer32, Pubkey>(ref buffer) : default;
        return error;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Pubkey result) => TryParse(s, out result);

    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Pubkey result) => TryParse(s, out result);
}
