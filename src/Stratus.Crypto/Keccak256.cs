using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Stratus.Crypto;

/// <summary>
/// Keccak-256 as used by Ethereum and Solana's <c>sol_keccak256</c>: the original Keccak padding
/// (0x01 … 0x80), not FIPS-202 SHA3-256 (0x06 … 0x80). Rate 136 bytes, capacity 512 bits.
/// </summary>
public static class Keccak256
{
    public const int HashSize = 32;
    public const int RateBytes = 136;

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hasher = Keccak256Hasher.Create();
        hasher.Update(data);
        hasher.Finish(destination);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var result = new byte[HashSize];
        Hash(data, result);
        return result;
    }
}

/// <summary>Incremental Keccak-256 without allocation (a mutable struct: pass by reference).</summary>
public unsafe struct Keccak256Hasher
{
    private fixed ulong _state[25];
    private fixed byte _buffer[Keccak256.RateBytes];
    private int _used;

    public static Keccak256Hasher Create() => default;

    public void Reset() => this = default;

    public void Update(ReadOnlySpan<byte> data)
    {
        fixed (ulong* state = _state)
        fixed (byte* buffer = _buffer)
        {
            if (_used > 0)
            {
                var take = Math.Min(Keccak256.RateBytes - _used, data.Length);
                data[..take].CopyTo(new Span<byte>(buffer + _used, take));
                _used += take;
                data = data[take..];
                if (_used < Keccak256.RateBytes) return;
                Absorb(state, new ReadOnlySpan<byte>(buffer, Keccak256.RateBytes));
                _used = 0;
            }
            while (data.Length >= Keccak256.RateBytes)
            {
                Absorb(state, data[..Keccak256.RateBytes]);
                data = data[Keccak256.RateBytes..];
            }
            data.CopyTo(new Span<byte>(buffer, Keccak256.RateBytes));
            _used = data.Length;
        }
    }

    /// <summary>Writes the 32-byte digest and resets the hasher.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < Keccak256.HashSize)
            throw new ArgumentException($"destination must hold {Keccak256.HashSize} bytes, got {destination.Length}", nameof(destination));
        fixed (ulong* state = _state)
        fixed (byte* buffer = _buffer)
        {
            var block = new Span<byte>(buffer, Keccak256.RateBytes);
            block[_used..].Clear();
            block[_used] ^= 0x01;
            block[Keccak256.RateBytes - 1] ^= 0x80;
            Absorb(state, block);
            for (var i = 0; i < 4; i++)
                BinaryPrimitives.WriteUInt64LittleEndian(destination[(8 * i)..], state[i]);
        }
        Reset();
    }

    private static void Absorb(ulong* state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < Keccak256.RateBytes / 8; i++)
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        KeccakF1600.Permute(state);
    }
}

/// <summary>The Keccak-f[1600] permutation (24 rounds) over 25 little-endian lanes.</summary>
internal static unsafe class KeccakF1600
{
    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    [SkipLocalsInit]
    public static void Permute(ulong* a)
    {
        var c = stackalloc ulong[5];
        var b = stackalloc ulong[25];
        for (var round = 0; round < 24; round++)
        {
            // θ: each lane absorbs the parities of two neighbouring columns.
            for (var x = 0; x < 5; x++)
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            for (var x = 0; x < 5; x++)
            {
                var d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                a[x] ^= d;
                a[x + 5] ^= d;
                a[x + 10] ^= d;
                a[x + 15] ^= d;
                a[x + 20] ^= d;
            }

            // ρ and π: lane (x, y) rotates by its offset and moves to (y, 2x + 3y).
            RhoPi(a, b);

            // χ: the only non-linear step, row by row.
            for (var y = 0; y < 25; y += 5)
            {
                var b0 = b[y];
                var b1 = b[y + 1];
                var b2 = b[y + 2];
                var b3 = b[y + 3];
                var b4 = b[y + 4];
                a[y] = b0 ^ (~b1 & b2);
                a[y + 1] = b1 ^ (~b2 & b3);
                a[y + 2] = b2 ^ (~b3 & b4);
                a[y + 3] = b3 ^ (~b4 & b0);
                a[y + 4] = b4 ^ (~b0 & b1);
            }

            // ι
            a[0] ^= RoundConstants[round];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RhoPi(ulong* a, ulong* b)
    {
        // Destination index = x' + 5y' with x' = y, y' = 2x + 3y (mod 5); offsets from the Keccak reference.
        b[0] = a[0];
        b[16] = BitOperations.RotateLeft(a[5], 36);
        b[7] = BitOperations.RotateLeft(a[10], 3);
        b[23] = BitOperations.RotateLeft(a[15], 41);
        b[14] = BitOperations.RotateLeft(a[20], 18);
        b[10] = BitOperations.RotateLeft(a[1], 1);
        b[1] = BitOperations.RotateLeft(a[6], 44);
        b[17] = BitOperations.RotateLeft(a[11], 10);
        b[8] = BitOperations.RotateLeft(a[16], 45);
        b[24] = BitOperations.RotateLeft(a[21], 2);
        b[20] = BitOperations.RotateLeft(a[2], 62);
        b[11] = BitOperations.RotateLeft(a[7], 6);
        b[2] = BitOperations.RotateLeft(a[12], 43);
        b[18] = BitOperations.RotateLeft(a[17], 15);
        b[9] = BitOperations.RotateLeft(a[22], 61);
        b[5] = BitOperations.RotateLeft(a[3], 28);
        b[21] = BitOperations.RotateLeft(a[8], 55);
        b[12] = BitOperations.RotateLeft(a[13], 25);
        b[3] = BitOperations.RotateLeft(a[18], 21);
        b[19] = BitOperations.RotateLeft(a[23], 56);
        b[15] = BitOperations.RotateLeft(a[4], 27);
        b[6] = BitOperations.RotateLeft(a[9], 20);
        b[22] = BitOperations.RotateLeft(a[14], 39);
        b[13] = BitOperations.RotateLeft(a[19], 8);
        b[4] = BitOperations.RotateLeft(a[24], 14);
    }
}
