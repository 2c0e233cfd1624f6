using System.Buffers.Binary;
using System.Numerics;

namespace Stratus.Sbpf;

/// <summary>murmur3_32 (x86 variant) as used for sBPF function and syscall keys.</summary>
public static class Murmur3
{
    public static uint Hash32(ReadOnlySpan<byte> data, uint seed = 0)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        uint h = seed;
        int blocks = data.Length / 4;
        for (int i = 0; i < blocks; i++)
        {
            uint k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= c1; k = BitOperations.RotateLeft(k, 15); k *= c2;
            h ^= k; h = BitOperations.RotateLeft(h, 13); h = h * 5 + 0xe6546b64;
        }
        var tail = data.Slice(blocks * 4);
        uint t = 0;
        switch (tail.Length)
        {
            case 3: t ^= (uint)tail[2] << 16; goto case 2;
            case 2: t ^= (uint)tail[1] << 8; goto case 1;
            case 1:
                t ^= tail[0];
                t *= c1; t = BitOperations.RotateLeft(t, 15); t *= c2; h ^= t;
                break;
        }
        h ^= (uint)data.Length;
        h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
        return h;
    }

    /// <summary>Key of a syscall: murmur3_32 of its name bytes, seed 0.</summary>
    public static uint SyscallKey(string name) => Hash32(System.Text.Encoding.ASCII.GetBytes(name));

    /// <summary>Key of a bpf function: murmur3_32 of its pc as 8 little-endian bytes, seed 0.</summary>
    public static uint FunctionKey(ulong pc)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, pc);
        return Hash32(b);
    }
}
