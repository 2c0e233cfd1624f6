using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Stratus.Crypto;

/// <summary>
/// The lattice hash behind Agave's <c>accounts_lt_hash</c>: 2,048 bytes of BLAKE3 extended output
/// read as 1,024 little-endian u16 lanes, combined by lane-wise wrapping addition (mix in) and
/// subtraction (mix out), so a set's hash does not depend on order. Its 32-byte checksum is BLAKE3
/// of the 2,048 bytes. All buffers are caller-owned; nothing allocates.
/// </summary>
public static class LtHash
{
    public const int Size = 2048;
    public const int Lanes = Size / 2;
    public const int ChecksumSize = 32;

    /// <summary>The lattice hash of arbitrary bytes: BLAKE3 XOF, 2,048 bytes.</summary>
    public static void Compute(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        CheckSize(destination, nameof(destination));
        Blake3.Hash(input, destination[..Size]);
    }

    /// <summary>
    /// An account's lattice hash: BLAKE3 XOF of lamports (u64 LE) ‖ data ‖ executable (one byte) ‖
    /// owner ‖ pubkey. rent_epoch is not part of it. An account with zero lamports hashes to the
    /// identity (all zero), so deleting it mixes nothing in. To sum many accounts, <see cref="LtHashAccumulator"/>
    /// is faster (it hashes small accounts eight at a time and never writes the 2,048 bytes out).
    /// </summary>
    [SkipLocalsInit]
    public static void ComputeAccount(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, Span<byte> destination)
    {
        CheckSize(destination, nameof(destination));
        if (owner.Length != 32) throw new ArgumentException($"owner must be 32 bytes, got {owner.Length}", nameof(owner));
        if (pubkey.Length != 32) throw new ArgumentException($"pubkey must be 32 bytes, got {pubkey.Length}", nameof(pubkey));
        if (lamports == 0)
        {
            destination[..Size].Clear();
            return;
        }
        var length = 8 + data.Length + 1 + 32 + 32;
        if (length <= Blake3.ChunkSize)
        {
            // One chunk (most accounts): lay the message out contiguously and hash it without the incremental
            // hasher's state (whose setup costs a quarter of a small account's hash). With AVX2 the 2,048 output
            // bytes come from Blake3LatticeOutput.
            Span<byte> message = stackalloc byte[Blake3.ChunkSize];
            BinaryPrimitives.WriteUInt64LittleEndian(message, lamports);
            data.CopyTo(message[8..]);
            message[8 + data.Length] = executable ? (byte)1 : (byte)0;
            owner.CopyTo(message[(9 + data.Length)..]);
            pubkey.CopyTo(message[(41 + data.Length)..]);
            Blake3.Hash(message[..length], destination[..Size]);
            return;
        }
        if (Blake3Wide.IsSupported)
        {
            // Whole chunks of the data in place, eight at a time.
            unsafe
            {
                Blake3RootNode root;
                LtHashAccountRoot.MultiChunk(lamports, data, executable, owner, pubkey, &root);
                fixed (byte* d = destination)
                    Blake3LatticeOutput.Write(root.Cv, root.Block, root.BlockLength, root.Flags, d);
            }
            return;
        }
        Span<byte> scalars = stackalloc byte[9];
        BinaryPrimitives.WriteUInt64LittleEndian(scalars, lamports);
        scalars[8] = executable ? (byte)1 : (byte)0;
        var hasher = Blake3Hasher.Create();
        hasher.Update(scalars[..8]);
        hasher.Update(data);
        hasher.Update(scalars[8..]);
        hasher.Update(owner);
        hasher.Update(pubkey);
        hasher.Finalize(destination[..Size]);
    }

    /// <summary>accumulator ← accumulator + value, lane by lane, wrapping.</summary>
    public static void MixIn(Span<byte> accumulator, ReadOnlySpan<byte> value) => Combine(accumulator, value, subtract: false);

    /// <summary>accumulator ← accumulator − value, lane by lane, wrapping.</summary>
    public static void MixOut(Span<byte> accumulator, ReadOnlySpan<byte> value) => Combine(accumulator, value, subtract: true);

    /// <summary>BLAKE3 of the 2,048 bytes (the value Agave logs and stores in snapshots).</summary>
    public static void Checksum(ReadOnlySpan<byte> ltHash, Span<byte> destination)
    {
        if (ltHash.Length != Size) throw new ArgumentException($"a lattice hash is {Size} bytes, got {ltHash.Length}", nameof(ltHash));
        if (destination.Length < ChecksumSize) throw new ArgumentException($"destination must hold {ChecksumSize} bytes", nameof(destination));
        Blake3.Hash(ltHash, destination[..ChecksumSize]);
    }

    public static bool IsIdentity(ReadOnlySpan<byte> ltHash) => ltHash.Length == Size && ltHash.IndexOfAnyExcept((byte)0) < 0;

    private static void Combine(Span<byte> accumulator, ReadOnlySpan<byte> value, bool subtract)
    {
        if (accumulator.Length != Size) throw new ArgumentException($"a lattice hash is {Size} bytes, got {accumulator.Length}", nameof(accumulator));
        if (value.Length != Size) throw new ArgumentException($"a lattice hash is {Size} bytes, got {value.Length}", nameof(value));
        if (BitConverter.IsLittleEndian)
        {
            var acc = MemoryMarshal.Cast<byte, ushort>(accumulator);
            var val = MemoryMarshal.Cast<byte, ushort>(value);
            var i = 0;
            for (; i + Vector256<ushort>.Count <= Lanes; i += Vector256<ushort>.Count)
            {
                var a = Vector256.Create<ushort>(acc[i..]);
                var b = Vector256.Create<ushort>(val[i..]);
                (subtract ? a - b : a + b).CopyTo(acc[i..]);
            }
            for (; i < Lanes; i++) acc[i] = (ushort)(subtract ? acc[i] - val[i] : acc[i] + val[i]);
            return;
        }
        for (var i = 0; i < Size; i += 2)
        {
            var a = BinaryPrimitives.ReadUInt16LittleEndian(accumulator[i..]);
            var b = BinaryPrimitives.ReadUInt16LittleEndian(value[i..]);
            BinaryPrimitives.WriteUInt16LittleEndian(accumulator[i..], (ushort)(subtract ? a - b : a + b));
        }
    }

    private static void CheckSize(Span<byte> destination, string name)
    {
        if (destination.Length < Size) throw new ArgumentException($"destination must hold {Size} bytes, got {destination.Length}", name);
    }
}
