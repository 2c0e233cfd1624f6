using System.Buffers.Binary;
using Stratus.AccountsDb.Snapshots;
using Stratus.Core;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Tests.Snapshots;

/// <summary>
/// Test-only lattice hashing (SIMD-0215): blake3 XOF over lamports ‖ data ‖ executable ‖ owner ‖ pubkey, 2,048
/// bytes read as 1,024 u16 lanes, summed with wrapping. Used to check parsed accounts against the recorded hashes.
/// </summary>
internal static class LtHashing
{
    public static byte[] Account(ulong lamports, ReadOnlySpan<byte> data, bool executable, Pubkey owner, Pubkey pubkey)
    {
        var output = new byte[LtHash.ByteLength];
        if (lamports == 0) return output;
        var hasher = Blake3Hasher.Create();
        Span<byte> u64 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(u64, lamports);
        hasher.Update(u64);
        hasher.Update(data);
        hasher.Update([executable ? (byte)1 : (byte)0]);
        hasher.Update(owner.AsSpan());
        hasher.Update(pubkey.AsSpan());
        hasher.Finalize(output);
        return output;
    }

    public static void Add(byte[] total, ReadOnlySpan<byte> item)
    {
        for (var i = 0; i < LtHash.ByteLength; i += 2)
        {
            var sum = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(total.AsSpan(i)) + BinaryPrimitives.ReadUInt16LittleEndian(item[i..]));
            BinaryPrimitives.WriteUInt16LittleEndian(total.AsSpan(i), sum);
        }
    }
}
