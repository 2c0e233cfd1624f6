using System.Numerics;

namespace Stratus.Crypto;

/// <summary>
/// solana-big-mod-exp 2.2: base^exponent mod modulus on big-endian byte strings of any length, the
/// result left-padded with zeros to the modulus length; a modulus of 0 or 1 gives all zeros.
/// </summary>
public static class BigModExp
{
    /// <summary>The longest base, exponent or modulus the syscall accepts.</summary>
    public const int MaxLength = 512;

    /// <summary>Writes modulus.Length bytes to <paramref name="output"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> baseValue, ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus, Span<byte> output)
    {
        var result = output.Slice(0, modulus.Length);
        result.Clear();
        var m = new BigInteger(modulus, isUnsigned: true, isBigEndian: true);
        if (m <= BigInteger.One) return;
        var b = new BigInteger(baseValue, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(exponent, isUnsigned: true, isBigEndian: true);
        var value = BigInteger.ModPow(b, e, m);
        int length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(result.Slice(result.Length - length), out _, isUnsigned: true, isBigEndian: true);
    }

    public static byte[] Compute(ReadOnlySpan<byte> baseValue, ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus)
    {
        var output = new byte[modulus.Length];
        Compute(baseValue, exponent, modulus, output);
        return output;
    }
}
