using System.Numerics;

namespace Stratus.Crypto.Tests;

/// <summary>Bitcoin-alphabet base58 decoding for expected values written the way explorers show them.</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static byte[] Decode(string text)
    {
        BigInteger value = 0;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0) throw new FormatException($"'{c}' is not base58");
            value = value * 58 + digit;
        }
        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var zeros = text.TakeWhile(c => c == '1').Count();
        return [.. new byte[zeros], .. body];
    }
}
