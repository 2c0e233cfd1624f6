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

    /// <summary>
    /// Bytes of an account root (<see cref="ComputeAccountRoot"/>): the BLAKE3 root node of the account's message,
    /// chaining value (8 u32 LE), last block (64), block length (u32 LE) and flags (u32 LE). Zero flags mean an account
    /// with zero lamports (the identity).
    /// </summary>
    public const int AccountRootSize = 104;

    /// <summary>
    /// The BLAKE3 root node of an account's lattice-hash message: all the work that depends on the data, so the data
    /// can be hashed once (e.g. while it is in cache) and the 2,048-byte hash produced later from these
    /// <see cref="AccountRootSize"/> bytes (<see cref="ComputeAccountFromRoot"/>, <see cref="LtHashAccumulator.AddRoot"/>).
    /// A transient format for one process, not for storage.
    /// </summary>
    public static void ComputeAccountRoot(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, Span<byte> root) =>
        ComputeAccountRoot(lamports, data, executable, owner, pubkey, root, useAvx2: true);

    /// <summary><paramref name="useAvx2"/> = false takes the scalar paths whatever the CPU (for tests).</summary>
    [SkipLocalsInit]
    internal static unsafe void ComputeAccountRoot(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, Span<byte> root, bool useAvx2)
    {
        if (owner.Length != 32) throw new ArgumentException($"owner must be 32 bytes, got {owner.Length}", nameof(owner));
        if (pubkey.Length != 32) throw new ArgumentException($"pubkey must be 32 bytes, got {pubkey.Length}", nameof(pubkey));
        if (root.Length < AccountRootSize) throw new ArgumentException($"an account root is {AccountRootSize} bytes, got {root.Length}", nameof(root));
        if (lamports == 0)
        {
            root[..AccountRootSize].Clear();
            return;
        }
        Blake3RootNode node;
        var length = LtHashAccountRoot.FixedBytes + data.Length;
        if (length <= Blake3.ChunkSize)
        {
            // One chunk (at least 73 bytes, so two blocks or more): every block but the last is compressed, the last
            // (zero padded) is the root's, flagged CHUNK_END only.
            var message = stackalloc byte[Blake3.ChunkSize];
            var ends = stackalloc byte[LtHashAccountRoot.FixedBytes];
            LtHashAccountRoot.WriteEnds(lamports, executable, owner, pubkey, ends);
            fixed (byte* d = data)
                LtHashAccountRoot.CopyRange(ends, d, data.Length, 0, length, message);
            var blocks = (length + Blake3.BlockSize - 1) / Blake3.BlockSize;
            var last = (blocks - 1) * Blake3.BlockSize;
            new Span<byte>(message + length, blocks * Blake3.BlockSize - length).Clear();
            Blake3Core.LoadIv(node.Cv);
            for (var k = 0; k < blocks - 1; k++)
                Blake3Core.CompressInPlace(node.Cv, message + k * Blake3.BlockSize, 0, Blake3.BlockSize, k == 0 ? Blake3Core.ChunkStart : 0);
            new ReadOnlySpan<byte>(message + last, Blake3.BlockSize).CopyTo(new Span<byte>(node.Block, Blake3.BlockSize));
            node.BlockLength = (uint)(length - last);
            node.Flags = Blake3Core.ChunkEnd;
        }
        else if (useAvx2 && Blake3Wide.IsSupported)
        {
            LtHashAccountRoot.MultiChunk(lamports, data, executable, owner, pubkey, &node);
        }
        else
        {
            Span<byte> scalars = stackalloc byte[9];
            BinaryPrimitives.WriteUInt64LittleEndian(scalars, lamports);
            scalars[8] = executable ? (byte)1 : (byte)0;
            var hasher = Blake3Hasher.Create();
            hasher.Update(scalars[..8]);
            hasher.Update(data);
            hasher.Update(scalars[8..]);
            hasher.Update(owner);
            hasher.Update(pubkey);
            hasher.FinalizeRoot(&node);
        }
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32LittleEndian(root[(4 * i)..], node.Cv[i]);
        new ReadOnlySpan<byte>(node.Block, Blake3.BlockSize).CopyTo(root[32..96]);
        BinaryPrimitives.WriteUInt32LittleEndian(root[96..], node.BlockLength);
        BinaryPrimitives.WriteUInt32LittleEndian(root[100..], node.Flags);
    }

    /// <summary>The account's 2,048-byte lattice hash from its root (<see cref="ComputeAccountRoot"/>).</summary>
    public static unsafe void ComputeAccountFromRoot(ReadOnlySpan<byte> root, Span<byte> destination)
    {
        CheckSize(destination, nameof(destination));
        Blake3RootNode node;
        if (!ReadAccountRoot(root, &node))
        {
            destination[..Size].Clear();
            return;
        }
        Blake3Core.RootOutput(node.Cv, node.Block, node.BlockLength, node.Flags, 0, destination[..Size]);
    }

    /// <summary>Parses an account root; false for the identity (zero lamports). Throws on bytes no root can have.</summary>
    internal static unsafe bool ReadAccountRoot(ReadOnlySpan<byte> root, Blake3RootNode* node)
    {
        if (root.Length != AccountRootSize) throw new ArgumentException($"an account root is {AccountRootSize} bytes, got {root.Length}", nameof(root));
        var blockLength = BinaryPrimitives.ReadUInt32LittleEndian(root[96..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(root[100..]);
        if (flags == 0)
        {
            if (root.IndexOfAnyExcept((byte)0) >= 0) throw new ArgumentException("an identity account root must be all zero", nameof(root));
            return false;
        }
        // An account's message is at least 73 bytes, so its root is the last block of a chunk of two blocks or more
        // (CHUNK_END without CHUNK_START) or a parent of two chaining values; a short block is zero padded.
        var valid = flags switch
        {
            Blake3Core.ChunkEnd => blockLength is >= 1 and <= Blake3.BlockSize,
            Blake3Core.Parent => blockLength == Blake3.BlockSize,
            _ => false,
        };
        if (!valid) throw new ArgumentException($"not an account root: flags {flags}, block length {blockLength}", nameof(root));
        if (root[(32 + (int)blockLength)..96].IndexOfAnyExcept((byte)0) >= 0)
            throw new ArgumentException($"not an account root: block bytes past its length {blockLength} are not zero", nameof(root));
        for (var i = 0; i < 8; i++) node->Cv[i] = BinaryPrimitives.ReadUInt32LittleEndian(root[(4 * i)..]);
        root[32..96].CopyTo(new Span<byte>(node->Block, Blake3.BlockSize));
        node->BlockLength = blockLength;
        node->Flags = flags;
        return true;
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
