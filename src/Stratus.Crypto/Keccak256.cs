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

    public static void Permute(ulong* a)
    {
        var a00 = a[0];
        var a01 = a[1];
        var a02 = a[2];
        var a03 = a[3];
        var a04 = a[4];
        var a05 = a[5];
        var a06 = a[6];
        var a07 = a[7];
        var a08 = a[8];
        var a09 = a[9];
        var a10 = a[10];
        var a11 = a[11];
        var a12 = a[12];
        var a13 = a[13];
        var a14 = a[14];
        var a15 = a[15];
        var a16 = a[16];
        var a17 = a[17];
        var a18 = a[18];
        var a19 = a[19];
        var a20 = a[20];
        var a21 = a[21];
        var a22 = a[22];
        var a23 = a[23];
        var a24 = a[24];
        for (var round = 0; round < 24; round++)
        {
            // θ
            var c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            var c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            var c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            var c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            var c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            var d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            var d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            var d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            var d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            var d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            // ρ and π: B[y, 2x + 3y] = rot(A[x, y] ^ D[x], r[x, y])
            var b00 = a00 ^ d0;
            var b10 = BitOperations.RotateLeft(a01 ^ d1, 1);
            var b20 = BitOperations.RotateLeft(a02 ^ d2, 62);
            var b05 = BitOperations.RotateLeft(a03 ^ d3, 28);
            var b15 = BitOperations.RotateLeft(a04 ^ d4, 27);
            var b16 = BitOperations.RotateLeft(a05 ^ d0, 36);
            var b01 = BitOperations.RotateLeft(a06 ^ d1, 44);
            var b11 = BitOperations.RotateLeft(a07 ^ d2, 6);
            var b21 = BitOperations.RotateLeft(a08 ^ d3, 55);
            var b06 = BitOperations.RotateLeft(a09 ^ d4, 20);
            var b07 = BitOperations.RotateLeft(a10 ^ d0, 3);
            var b17 = BitOperations.RotateLeft(a11 ^ d1, 10);
            var b02 = BitOperations.RotateLeft(a12 ^ d2, 43);
            var b12 = BitOperations.RotateLeft(a13 ^ d3, 25);
            var b22 = BitOperations.RotateLeft(a14 ^ d4, 39);
            var b23 = BitOperations.RotateLeft(a15 ^ d0, 41);
            var b08 = BitOperations.RotateLeft(a16 ^ d1, 45);
            var b18 = BitOperations.RotateLeft(a17 ^ d2, 15);
            var b03 = BitOperations.RotateLeft(a18 ^ d3, 21);
            var b13 = BitOperations.RotateLeft(a19 ^ d4, 8);
            var b14 = BitOperations.RotateLeft(a20 ^ d0, 18);
            var b24 = BitOperations.RotateLeft(a21 ^ d1, 2);
            var b09 = BitOperations.RotateLeft(a22 ^ d2, 61);
            var b19 = BitOperations.RotateLeft(a23 ^ d3, 56);
            var b04 = BitOperations.RotateLeft(a24 ^ d4, 14);
            // χ
            a00 = b00 ^ (~b01 & b02);
            a01 = b01 ^ (~b02 & b03);
            a02 = b02 ^ (~b03 & b04);
            a03 = b03 ^ (~b04 & b00);
            a04 = b04 ^ (~b00 & b01);
            a05 = b05 ^ (~b06 & b07);
            a06 = b06 ^ (~b07 & b08);
            a07 = b07 ^ (~b08 & b09);
            a08 = b08 ^ (~b09 & b05);
            a09 = b09 ^ (~b05 & b06);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
            // ι
            a00 ^= RoundConstants[round];
        }
        a[0] = a00;
        a[1] = a01;
        a[2] = a02;
        a[3] = a03;
        a[4] = a04;
        a[5] = a05;
        a[6] = a06;
        a[7] = a07;
        a[8] = a08;
        a[9] = a09;
        a[10] = a10;
        a[11] = a11;
        a[12] = a12;
        a[13] = a13;
        a[14] = a14;
        a[15] = a15;
        a[16] = a16;
        a[17] = a17;
        a[18] = a18;
        a[19] = a19;
        a[20] = a20;
        a[21] = a21;
        a[22] = a22;
        a[23] = a23;
        a[24] = a24;
    }
}
