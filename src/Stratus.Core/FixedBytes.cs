using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Stratus.Core.Encoding;

namespace Stratus.Core;

/// <summary>
/// The bodies shared by the fixed-size byte values (<see cref="Pubkey"/>, <see cref="Hash"/>, <see cref="Signature"/>).
/// Each type keeps its own public surface (operators and interface members cannot be inherited by a struct) and
/// forwards here. Generic over the value type, so every call is specialised and inlined: no boxing, and the size
/// is a JIT-time constant.
/// </summary>
internal static class FixedBytes
{
    /// <summary>The bytes of <paramref name="value"/>; the span lives only as long as the value does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Bytes<T>(ref readonly T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));

    /// <summary>A value copied from exactly <c>sizeof(T)</c> bytes; <paramref name="kind"/> names it in the error.</summary>
    public static T Create<T>(ReadOnlySpan<byte> bytes, string kind) where T : unmanaged
    {
        var length = Unsafe.SizeOf<T>();
        if (bytes.Length != length) throw new ArgumentException($"a {kind} is {length} bytes, got {bytes.Length}", nameof(bytes));
        return MemoryMarshal.Read<T>(bytes);
    }

    /// <summary>Equality of 32-byte values as four 8-byte compares (keys and hashes are compared on every account lookup).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal32<T>(ref readonly T x, ref readonly T y) where T : unmanaged
    {
        ref var a = ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in x));
        ref var b = ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in y));
        return Unsafe.ReadUnaligned<ulong>(ref a) == Unsafe.ReadUnaligned<ulong>(ref b)
            && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, 8)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 8))
            && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, 16)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 16))
            && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, 24)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 24));
    }

    // Program ids are vanity keys that share long prefixes (all sysvars start alike), so fold every 8-byte
    // word instead of taking a prefix: cheap, and robust for structured (non-random) values of any kind.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Fold<T>(ref readonly T value) where T : unmanaged
    {
        ref var b = ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in value));
        var h = Unsafe.ReadUnaligned<ulong>(ref b);
        for (var i = 8; i < Unsafe.SizeOf<T>(); i += 8) h = (h * 0x9E3779B97F4A7C15) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i));
        return (int)(h ^ (h >> 32));
    }

    /// <summary>Byte-wise lexicographic order, as Rust orders <c>[u8; N]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare<T>(ref readonly T x, ref readonly T y) where T : unmanaged => Bytes(in x).SequenceCompareTo(Bytes(in y));

    public static T Parse<T>(ReadOnlySpan<char> s, string kind) where T : unmanaged
    {
        var error = TryParse(s, out T value, out var position);
        if (error != Base58Error.None) throw new FormatException($"invalid {kind} '{s}': {Base58.Describe(error, position, Unsafe.SizeOf<T>())}");
        return value;
    }

    /// <summary>Decodes base58 text of exactly <c>sizeof(T)</c> bytes; <paramref name="result"/> is default on failure.</summary>
    public static Base58Error TryParse<T>(ReadOnlySpan<char> s, out T result, out int errorPosition) where T : unmanaged
    {
        result = default;
        var error = Base58.TryDecodeExact(s, MemoryMarshal.AsBytes(new Span<T>(ref result)), out errorPosition);
        if (error != Base58Error.None) result = default;
        return error;
    }

    /// <inheritdoc cref="TryParse{T}(ReadOnlySpan{char}, out T, out int)"/>
    public static Base58Error TryParseUtf8<T>(ReadOnlySpan<byte> utf8, out T result) where T : unmanaged
    {
        result = default;
        var error = Base58.TryDecodeExactUtf8(utf8, MemoryMarshal.AsBytes(new Span<T>(ref result)), out _);
        if (error != Base58Error.None) result = default;
        return error;
    }
}
