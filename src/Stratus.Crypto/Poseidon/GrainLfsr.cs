namespace Stratus.Crypto.Poseidon;

/// <summary>
/// The self-shrinking 80-bit Grain LFSR of the Poseidon paper (Appendix F), which derives round
/// constants and MDS seeds from the parameter set. The state starts as field type (2 bits), S-box type
/// (4), field size n (12), width t (12), full rounds (10), partial rounds (10) and thirty ones, all
/// most significant bit first; it is clocked 160 times before any output. Feedback is
/// b₆₂ ⊕ b₅₁ ⊕ b₃₈ ⊕ b₂₃ ⊕ b₁₃ ⊕ b₀ (b₀ the oldest bit). Output is taken in pairs: a pair starting
/// with 1 emits its second bit, a pair starting with 0 is discarded.
/// </summary>
internal sealed class GrainLfsr
{
    private readonly byte[] _bits = new byte[80];
    private int _head;

    public GrainLfsr(int field, int sbox, int fieldSize, int width, int fullRounds, int partialRounds)
    {
        int i = 0;
        void Put(int value, int count)
        {
            for (int b = count - 1; b >= 0; b--) _bits[i++] = (byte)((value >> b) & 1);
        }
        Put(field, 2);
        Put(sbox, 4);
        Put(fieldSize, 12);
        Put(width, 12);
        Put(fullRounds, 10);
        Put(partialRounds, 10);
        while (i < 80) _bits[i++] = 1;
        for (int k = 0; k < 160; k++) Clock();
    }

    private byte Clock()
    {
        int h = _head;
        byte next = (byte)(_bits[(h + 62) % 80] ^ _bits[(h + 51) % 80] ^ _bits[(h + 38) % 80]
            ^ _bits[(h + 23) % 80] ^ _bits[(h + 13) % 80] ^ _bits[h]);
        _bits[h] = next;
        _head = (h + 1) % 80;
        return next;
    }

    public int NextBit()
    {
        while (true)
        {
            byte first = Clock();
            byte second = Clock();
            if (first == 1) return second;
        }
    }

    /// <summary>The next <paramref name="count"/> (at most 256) output bits as an integer, first bit most significant, in little-endian limbs.</summary>
    public void NextBits(int count, Span<ulong> limbs)
    {
        limbs.Clear();
        for (int i = count - 1; i >= 0; i--)
        {
            if (NextBit() != 0) limbs[i / 64] |= 1UL << (i % 64);
        }
    }
}
