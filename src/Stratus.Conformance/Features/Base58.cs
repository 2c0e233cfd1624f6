namespace Stratus.Conformance.Features;

/// <summary>Decoding of the 32-byte base58 ids in the feature tables (not a hot path).</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>Decodes into exactly 32 bytes; false when the text is not base58 or does not fit.</summary>
    public static bool TryDecode32(string text, Span<byte> output)
    {
        if (output.Length != 32) return false;
        output.Clear();
        foreach (var c in text)
        {
            int digit = Alphabet.IndexOf(c);
            if (digit < 0) return false;
            int carry = digit;
            for (int i = 31; i >= 0; i--)
            {
                carry += output[i] * 58;
                output[i] = (byte)carry;
                carry >>= 8;
            }
            if (carry != 0) return false;
        }
        return true;
    }
}
