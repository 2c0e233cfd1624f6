using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Stratus.Core;

namespace Stratus.Crypto;

/// <summary>
/// BLAKE3 in hash mode (no key), with extendable output of any length. Written from the BLAKE3
/// specification: 1 KiB chunks of 64-byte blocks, a binary tree of parent nodes merged lazily so the
/// last node is known to be the root, and output blocks produced by re-compressing the root with an
/// incrementing counter.
/// </summary>
public static unsafe class Blake3
{
    public const int HashSize = 32;
    public const int BlockSize = 64;
    public const int ChunkSize = 1024;

    /// <summary>BLAKE3 of <paramref name="data"/>; the output length is the destination length (XOF).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length <= ChunkSize)
        {
            HashSingleChunk(data, destination);
            return;
        }
        var hasher = Blake3Hasher.Create();
        hasher.Update(data);
        hasher.Finalize(destination);
    }

    /// <summary>The 32-byte BLAKE3 of <paramref name="data"/> as a <see cref="Core.Hash"/>.</summary>
    public static Hash ComputeHash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[HashSize];
        Hash(data, digest);
        return Core.Hash.Read(digest);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var result = new byte[HashSize];
        Hash(data, result);
        return result;
    }

    /// <summary>A single chunk is also the root: no tree state is needed.</summary>
    [SkipLocalsInit]
    private static void HashSingleChunk(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var cv = stackalloc uint[8];
        var block = stackalloc byte[BlockSize];
        Blake3Core.LoadIv(cv);
        var blocksCompressed = 0;
        while (data.Length > BlockSize)
        {
            fixed (byte* p = data)
                Blake3Core.CompressInPlace(cv, p, 0, BlockSize, blocksCompressed == 0 ? Blake3Core.ChunkStart : 0);
            blocksCompressed++;
            data = data[BlockSize..];
        }
        new Span<byte>(block, BlockSize).Clear();
        data.CopyTo(new Span<byte>(block, BlockSize));
        var flags = Blake3Core.ChunkEnd | (blocksCompressed == 0 ? Blake3Core.ChunkStart : 0u);
        Blake3Core.RootOutput(cv, block, (uint)data.Length, flags, 0, destination);
    }
}

/// <summary>
/// Incremental BLAKE3 without allocation. A mutable struct (about 2 KiB, most of it the stack of
/// subtree chaining values): keep it in a local or field and pass it by reference.
/// </summary>
public unsafe struct Blake3Hasher
{
    /// <summary>2^54 chunks exceed any input length a ulong byte counter can describe.</summary>
    private const int MaxStackDepth = 54;

    private fixed uint _cv[8];
    private fixed byte _block[Blake3.BlockSize];
    private fixed uint _cvStack[MaxStackDepth * 8];
    private ulong _chunkCounter;
    private int _blockLength;
    private int _blocksCompressed;
    private int _stackLength;

    public static Blake3Hasher Create()
    {
        var hasher = default(Blake3Hasher);
        hasher.Reset();
        return hasher;
    }

    public void Reset()
    {
        fixed (uint* cv = _cv)
            Blake3Core.LoadIv(cv);
        fixed (byte* block = _block)
            new Span<byte>(block, Blake3.BlockSize).Clear();
        _chunkCounter = 0;
        _blockLength = 0;
        _blocksCompressed = 0;
        _stackLength = 0;
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        fixed (uint* cv = _cv)
        fixed (byte* block = _block)
        fixed (uint* stack = _cvStack)
        fixed (byte* input = data)
        {
            var wideCvs = stackalloc uint[Blake3Wide.Lanes * 8];
            var offset = 0;
            while (offset < data.Length)
            {
                // The current chunk is closed only when more input arrives, so that a final chunk
                // can still be compressed with the ROOT flag.
                if (_blocksCompressed * Blake3.BlockSize + _blockLength == Blake3.ChunkSize)
                {
                    Blake3Core.CompressInPlace(cv, block, _chunkCounter, (uint)_blockLength, Blake3Core.ChunkEnd);
                    PushChunk(stack, cv, _chunkCounter + 1);
                    _chunkCounter++;
                    Blake3Core.LoadIv(cv);
                    new Span<byte>(block, Blake3.BlockSize).Clear();
                    _blockLength = 0;
                    _blocksCompressed = 0;
                }
                // At a chunk boundary with more than eight whole chunks still to come (so the final chunk stays
                // buffered for the root decision): eight chunks at once, then their chaining values into the tree.
                if (_blockLength == 0 && _blocksCompressed == 0 && Blake3Wide.IsSupported)
                {
                    while (data.Length - offset > Blake3Wide.Lanes * Blake3.ChunkSize)
                    {
                        Blake3Wide.HashChunks8(input + offset, _chunkCounter, wideCvs);
                        for (var j = 0; j < Blake3Wide.Lanes; j++)
                        {
                            PushChunk(stack, wideCvs + 8 * j, _chunkCounter + 1);
                            _chunkCounter++;
                        }
                        offset += Blake3Wide.Lanes * Blake3.ChunkSize;
                    }
                }
                if (_blockLength == Blake3.BlockSize)
                {
                    Blake3Core.CompressInPlace(cv, block, _chunkCounter, Blake3.BlockSize, StartFlag);
                    _blocksCompressed++;
                    _blockLength = 0;
                    // A short final block is zero-padded, so no stale bytes may remain.
                    new Span<byte>(block, Blake3.BlockSize).Clear();
                }
                if (_blockLength == 0)
                {
                    // Whole blocks straight from the input, always keeping the last block of the
                    // chunk (and of the input) buffered for the chunk-end / root decision.
                    var chunkRoom = Blake3.ChunkSize - _blocksCompressed * Blake3.BlockSize;
                    while (data.Length - offset > Blake3.BlockSize && chunkRoom > Blake3.BlockSize)
                    {
                        Blake3Core.CompressInPlace(cv, input + offset, _chunkCounter, Blake3.BlockSize, StartFlag);
                        _blocksCompressed++;
                        offset += Blake3.BlockSize;
                        chunkRoom -= Blake3.BlockSize;
                    }
                }
                var take = Math.Min(Blake3.BlockSize - _blockLength, data.Length - offset);
                Buffer.MemoryCopy(input + offset, block + _blockLength, Blake3.BlockSize - _blockLength, take);
                _blockLength += take;
                offset += take;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="destination"/>.Length bytes of output starting at byte
    /// <paramref name="outputOffset"/> of the output stream. The hasher is not changed, so more
    /// input may follow.
    /// </summary>
    public readonly void Finalize(Span<byte> destination, ulong outputOffset = 0)
    {
        Blake3RootNode root;
        FinalizeRoot(&root);
        Blake3Core.RootOutput(root.Cv, root.Block, root.BlockLength, root.Flags, outputOffset, destination);
    }

    /// <summary>The root node of the input so far (what <see cref="Finalize"/> would expand), without expanding it.</summary>
    /// <remarks>
    /// With a stack, the current chunk's chaining value becomes the right child of each stacked subtree in turn (right
    /// to left); the last parent is the root.
    /// </remarks>
    internal readonly void FinalizeRoot(Blake3RootNode* root)
    {
        fixed (uint* cv = _cv)
        fixed (byte* block = _block)
        fixed (uint* stack = _cvStack)
        {
            var flags = StartFlag | Blake3Core.ChunkEnd;
            if (_stackLength == 0)
            {
                new ReadOnlySpan<uint>(cv, 8).CopyTo(new Span<uint>(root->Cv, 8));
                new ReadOnlySpan<byte>(block, Blake3.BlockSize).CopyTo(new Span<byte>(root->Block, Blake3.BlockSize));
                root->BlockLength = (uint)_blockLength;
                root->Flags = flags;
                return;
            }
            var right = stackalloc uint[8];
            new Span<uint>(cv, 8).CopyTo(new Span<uint>(right, 8));
            Blake3Core.CompressInPlace(right, block, _chunkCounter, (uint)_blockLength, flags);
            for (var i = _stackLength - 1; ; i--)
            {
                Blake3Core.StoreWords(stack + 8 * i, root->Block);
                Blake3Core.StoreWords(right, root->Block + 32);
                if (i == 0)
                {
                    Blake3Core.LoadIv(root->Cv);
                    root->BlockLength = Blake3.BlockSize;
                    root->Flags = Blake3Core.Parent;
                    return;
                }
                Blake3Core.LoadIv(right);
                Blake3Core.CompressInPlace(right, root->Block, 0, Blake3.BlockSize, Blake3Core.Parent);
            }
        }
    }

    private readonly uint StartFlag => _blocksCompressed == 0 ? Blake3Core.ChunkStart : 0u;

    /// <summary>Pushes a finished chunk, merging completed subtrees: one merge per trailing zero bit of the chunk count.</summary>
    private void PushChunk(uint* stack, uint* chunkCv, ulong totalChunks)
    {
        var block = stackalloc byte[Blake3.BlockSize];
        var merged = stackalloc uint[8];
        new Span<uint>(chunkCv, 8).CopyTo(new Span<uint>(merged, 8));
        while ((totalChunks & 1) == 0)
        {
            _stackLength--;
            Blake3Core.StoreWords(stack + 8 * _stackLength, block);
            Blake3Core.StoreWords(merged, block + 32);
            Blake3Core.LoadIv(merged);
            Blake3Core.CompressInPlace(merged, block, 0, Blake3.BlockSize, Blake3Core.Parent);
            totalChunks >>= 1;
        }
        new Span<uint>(merged, 8).CopyTo(new Span<uint>(stack + 8 * _stackLength, 8));
        _stackLength++;
    }
}

/// <summary>The BLAKE3 compression function and output stage.</summary>
internal static unsafe class Blake3Core
{
    public const uint ChunkStart = 1;
    public const uint ChunkEnd = 2;
    public const uint Parent = 4;
    public const uint Root = 8;

    // The BLAKE3 IV is SHA-256's.
    private const uint Iv0 = 0x6A09E667, Iv1 = 0xBB67AE85, Iv2 = 0x3C6EF372, Iv3 = 0xA54FF53A;
    private const uint Iv4 = 0x510E527F, Iv5 = 0x9B05688C, Iv6 = 0x1F83D9AB, Iv7 = 0x5BE0CD19;

    /// <summary>Message word order for each of the 7 rounds: the spec's permutation applied 0..6 times.</summary>
    internal static readonly byte[] Schedule = BuildSchedule();

    public static void LoadIv(uint* cv)
    {
        cv[0] = Iv0; cv[1] = Iv1; cv[2] = Iv2; cv[3] = Iv3;
        cv[4] = Iv4; cv[5] = Iv5; cv[6] = Iv6; cv[7] = Iv7;
    }

    public static void StoreWords(uint* words, byte* destination)
    {
        for (var i = 0; i < 8; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(destination + 4 * i, 4), words[i]);
    }

    /// <summary>cv ← first half of compress(cv, block, counter, blockLength, flags).</summary>
    [SkipLocalsInit]
    public static void CompressInPlace(uint* cv, byte* block, ulong counter, uint blockLength, uint flags)
    {
        var state = stackalloc uint[16];
        Compress(cv, block, counter, blockLength, flags, state);
        for (var i = 0; i < 8; i++)
            cv[i] = state[i] ^ state[i + 8];
    }

    /// <summary>
    /// Writes output bytes [offset, offset + destination.Length) of the root node whose input is
    /// (cv, block, blockLength, flags): output block k is compress(…, counter = k, flags | ROOT). A root
    /// is always chunk 0 or a parent, whose own counter is 0, so the counter is free for this.
    /// </summary>
    [SkipLocalsInit]
    public static void RootOutput(uint* cv, byte* block, uint blockLength, uint flags, ulong offset, Span<byte> destination)
    {
        var state = stackalloc uint[16];
        var outputBlock = offset / Blake3.BlockSize;
        var skip = (int)(offset % Blake3.BlockSize);
        var bytes = stackalloc byte[Blake3.BlockSize];
        if (outputBlock == 0 && skip == 0 && destination.Length >= Blake3LatticeOutput.Bytes && Blake3Wide.IsSupported)
        {
            fixed (byte* d = destination)
                Blake3LatticeOutput.Write(cv, block, blockLength, flags, d);
            destination = destination[Blake3LatticeOutput.Bytes..];
            outputBlock = Blake3LatticeOutput.Bytes / Blake3.BlockSize;
        }
        while (!destination.IsEmpty)
        {
            if (skip == 0 && destination.Length >= Blake3Wide.OutputBytes && Blake3Wide.IsSupported)
            {
                fixed (byte* d = destination)
                    Blake3Wide.RootOutput8(cv, block, blockLength, flags, outputBlock, d);
                destination = destination[Blake3Wide.OutputBytes..];
                outputBlock += Blake3Wide.Lanes;
                continue;
            }
            Compress(cv, block, outputBlock, blockLength, flags | Root, state);
            for (var i = 0; i < 8; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(bytes + 4 * i, 4), state[i] ^ state[i + 8]);
                BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(bytes + 32 + 4 * i, 4), state[i + 8] ^ cv[i]);
            }
            var take = Math.Min(Blake3.BlockSize - skip, destination.Length);
            new ReadOnlySpan<byte>(bytes + skip, take).CopyTo(destination);
            destination = destination[take..];
            skip = 0;
            outputBlock++;
        }
    }

    /// <summary>The full 16-word state after 7 rounds (before the feed-forward).</summary>
    private static void Compress(uint* cv, byte* block, ulong counter, uint blockLength, uint flags, uint* state)
    {
        if (Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian)
            CompressRows(cv, block, counter, blockLength, flags, state);
        else
            CompressScalar(cv, block, counter, blockLength, flags, state);
    }

    /// <summary>
    /// The state as four rows of four words: the column step is one vector G, the diagonal step is
    /// the same G after rotating rows 1–3 by 1, 2 and 3 lanes.
    /// </summary>
    [SkipLocalsInit]
    private static void CompressRows(uint* cv, byte* block, ulong counter, uint blockLength, uint flags, uint* state)
    {
        var m = (uint*)block;
        var row0 = Vector128.Load(cv);
        var row1 = Vector128.Load(cv + 4);
        var row2 = Vector128.Create(Iv0, Iv1, Iv2, Iv3);
        var row3 = Vector128.Create((uint)counter, (uint)(counter >> 32), blockLength, flags);
        fixed (byte* schedule = Schedule)
        {
            for (var round = 0; round < 7; round++)
            {
                var s = schedule + 16 * round;
                RowG(ref row0, ref row1, ref row2, ref row3,
                    Vector128.Create(m[s[0]], m[s[2]], m[s[4]], m[s[6]]),
                    Vector128.Create(m[s[1]], m[s[3]], m[s[5]], m[s[7]]));
                row1 = Vector128.Shuffle(row1, Vector128.Create(1u, 2, 3, 0));
                row2 = Vector128.Shuffle(row2, Vector128.Create(2u, 3, 0, 1));
                row3 = Vector128.Shuffle(row3, Vector128.Create(3u, 0, 1, 2));
                RowG(ref row0, ref row1, ref row2, ref row3,
                    Vector128.Create(m[s[8]], m[s[10]], m[s[12]], m[s[14]]),
                    Vector128.Create(m[s[9]], m[s[11]], m[s[13]], m[s[15]]));
                row1 = Vector128.Shuffle(row1, Vector128.Create(3u, 0, 1, 2));
                row2 = Vector128.Shuffle(row2, Vector128.Create(2u, 3, 0, 1));
                row3 = Vector128.Shuffle(row3, Vector128.Create(1u, 2, 3, 0));
            }
        }
        row0.Store(state);
        row1.Store(state + 4);
        row2.Store(state + 8);
        row3.Store(state + 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowG(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d, Vector128<uint> mx, Vector128<uint> my)
    {
        a = a + b + mx;
        d = Vector128.Shuffle((d ^ a).AsByte(), Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();
        c += d;
        b ^= c;
        b = Vector128.ShiftRightLogical(b, 12) | Vector128.ShiftLeft(b, 20);
        a = a + b + my;
        d = Vector128.Shuffle((d ^ a).AsByte(), Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
        c += d;
        b ^= c;
        b = Vector128.ShiftRightLogical(b, 7) | Vector128.ShiftLeft(b, 25);
    }

    [SkipLocalsInit]
    private static void CompressScalar(uint* cv, byte* block, ulong counter, uint blockLength, uint flags, uint* state)
    {
        var m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 4 * i, 4));

        uint s0 = cv[0], s1 = cv[1], s2 = cv[2], s3 = cv[3];
        uint s4 = cv[4], s5 = cv[5], s6 = cv[6], s7 = cv[7];
        uint s8 = Iv0, s9 = Iv1, s10 = Iv2, s11 = Iv3;
        uint s12 = (uint)counter, s13 = (uint)(counter >> 32), s14 = blockLength, s15 = flags;

        fixed (byte* schedule = Schedule)
        {
            for (var round = 0; round < 7; round++)
            {
                var s = schedule + 16 * round;
                // Columns.
                G(ref s0, ref s4, ref s8, ref s12, m[s[0]], m[s[1]]);
                G(ref s1, ref s5, ref s9, ref s13, m[s[2]], m[s[3]]);
                G(ref s2, ref s6, ref s10, ref s14, m[s[4]], m[s[5]]);
                G(ref s3, ref s7, ref s11, ref s15, m[s[6]], m[s[7]]);
                // Diagonals.
                G(ref s0, ref s5, ref s10, ref s15, m[s[8]], m[s[9]]);
                G(ref s1, ref s6, ref s11, ref s12, m[s[10]], m[s[11]]);
                G(ref s2, ref s7, ref s8, ref s13, m[s[12]], m[s[13]]);
                G(ref s3, ref s4, ref s9, ref s14, m[s[14]], m[s[15]]);
            }
        }

        state[0] = s0; state[1] = s1; state[2] = s2; state[3] = s3;
        state[4] = s4; state[5] = s5; state[6] = s6; state[7] = s7;
        state[8] = s8; state[9] = s9; state[10] = s10; state[11] = s11;
        state[12] = s12; state[13] = s13; state[14] = s14; state[15] = s15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint mx, uint my)
    {
        a = a + b + mx;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + my;
        d = BitOperations.RotateRight(d ^ a, 8);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 7);
    }

    private static byte[] BuildSchedule()
    {
        ReadOnlySpan<byte> permutation = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
        var schedule = new byte[7 * 16];
        for (var i = 0; i < 16; i++) schedule[i] = (byte)i;
        for (var round = 1; round < 7; round++)
        for (var i = 0; i < 16; i++)
            schedule[16 * round + i] = schedule[16 * (round - 1) + permutation[i]];
        return schedule;
    }
}
