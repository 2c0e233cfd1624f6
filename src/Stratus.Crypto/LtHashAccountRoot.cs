using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Stratus.Crypto;

/// <summary>The node whose output blocks are a BLAKE3 hash: chaining value, last block and its length and flags (without ROOT).</summary>
internal unsafe struct Blake3RootNode
{
    public fixed uint Cv[8];
    public fixed byte Block[Blake3.BlockSize];
    public uint BlockLength;
    public uint Flags;
}

/// <summary>
/// The BLAKE3 root node of an account's lattice-hash message, lamports (u64 LE) ‖ data ‖ executable ‖ owner ‖ pubkey,
/// for messages longer than one chunk, without copying the data: whole chunks inside the data are read in place,
/// eight at a time (<see cref="Blake3Lanes"/>), and only the first and last chunks, which hold the other fields, are
/// assembled in a scratch buffer. Chunks are taken in groups of 64 (a complete subtree unless it is the last group);
/// within a group the tree is reduced level by level, an odd node moving up unchanged, which gives BLAKE3's
/// left-balanced tree.
/// </summary>
internal static unsafe class LtHashAccountRoot
{
    /// <summary>Bytes of the message outside the data: 8 before it, 65 after it.</summary>
    public const int FixedBytes = 8 + 1 + 32 + 32;

    private const int GroupChunks = 64;

    /// <summary>Writes lamports ‖ executable ‖ owner ‖ pubkey (the message without its data) to <paramref name="ends"/>.</summary>
    public static void WriteEnds(ulong lamports, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, byte* ends)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(ends, 8), lamports);
        ends[8] = executable ? (byte)1 : (byte)0;
        owner.CopyTo(new Span<byte>(ends + 9, 32));
        pubkey.CopyTo(new Span<byte>(ends + 41, 32));
    }

    /// <summary>Message bytes [start, start + length) to <paramref name="destination"/>.</summary>
    public static void CopyRange(byte* ends, byte* data, int dataLength, long start, int length, byte* destination)
    {
        Copy(ends, 0, 8, start, length, destination);
        Copy(data, 8, dataLength, start, length, destination);
        Copy(ends + 8, 8L + dataLength, FixedBytes - 8, start, length, destination);
    }

    private static void Copy(byte* source, long at, long count, long start, int length, byte* destination)
    {
        var from = Math.Max(at, start);
        var to = Math.Min(at + count, start + length);
        if (to > from) Buffer.MemoryCopy(source + (from - at), destination + (from - start), to - from, to - from);
    }

    /// <summary>The root node of a message of more than one chunk (requires <see cref="Blake3Wide.IsSupported"/>).</summary>
    [SkipLocalsInit]
    public static void MultiChunk(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, Blake3RootNode* root)
    {
        var ends = stackalloc byte[FixedBytes];
        WriteEnds(lamports, executable, owner, pubkey, ends);
        var length = (long)FixedBytes + data.Length;
        var chunks = (length + Blake3.ChunkSize - 1) / Blake3.ChunkSize;
        var scratch = stackalloc byte[Blake3Lanes.Lanes * Blake3.ChunkSize];
        var cvs = stackalloc uint[GroupChunks * 8];
        fixed (byte* d = data)
        {
            var message = new Message(ends, d, data.Length, length, scratch);
            if (chunks <= GroupChunks)
            {
                Group(ref message, 0, (int)chunks, cvs, root);
                return;
            }
            // Complete 64-chunk subtrees, merged as they complete (one merge per trailing zero bit of their count).
            var stack = stackalloc uint[64 * 8];
            var depth = 0;
            var block = stackalloc uint[16];
            var groups = (chunks + GroupChunks - 1) / GroupChunks;
            for (var g = 0L; g < groups - 1; g++)
            {
                Group(ref message, g * GroupChunks, GroupChunks, cvs, null);
                for (var total = g + 1; (total & 1) == 0; total >>= 1)
                {
                    depth--;
                    new ReadOnlySpan<uint>(stack + 8 * depth, 8).CopyTo(new Span<uint>(block, 8));
                    new ReadOnlySpan<uint>(cvs, 8).CopyTo(new Span<uint>(block + 8, 8));
                    Parent(block, cvs);
                }
                new ReadOnlySpan<uint>(cvs, 8).CopyTo(new Span<uint>(stack + 8 * depth, 8));
                depth++;
            }
            var first = (groups - 1) * GroupChunks;
            Group(ref message, first, (int)(chunks - first), cvs, null);
            // The last group is the right child of each stacked subtree in turn; the last parent is the root.
            for (var i = depth - 1; ; i--)
            {
                new ReadOnlySpan<uint>(stack + 8 * i, 8).CopyTo(new Span<uint>(block, 8));
                new ReadOnlySpan<uint>(cvs, 8).CopyTo(new Span<uint>(block + 8, 8));
                if (i == 0)
                {
                    SetParentRoot(block, root);
                    return;
                }
                Parent(block, cvs);
            }
        }
    }

    /// <summary>
    /// Hashes chunks [first, first + count) to one chaining value at <paramref name="cvs"/> (which holds 64), or, when
    /// <paramref name="root"/> is given, to the root node (the group is then the whole message, of at least 2 chunks).
    /// </summary>
    private static void Group(ref Message message, long first, int count, uint* cvs, Blake3RootNode* root)
    {
        var jobs = default(LaneJobs);
        for (var at = 0; at < count; at += Blake3Lanes.Lanes)
        {
            var lanes = Math.Min(Blake3Lanes.Lanes, count - at);
            for (var j = 0; j < lanes; j++)
            {
                var chunk = first + at + j;
                var bytes = message.Chunk(chunk, j, out var input);
                var blocks = (bytes + Blake3.BlockSize - 1) / Blake3.BlockSize;
                jobs.Set(j, input, blocks, (uint)(bytes - (blocks - 1) * Blake3.BlockSize), (ulong)chunk);
            }
            for (var j = lanes; j < Blake3Lanes.Lanes; j++) jobs.Set(j, null, 0, 0, 0);
            if (Blake3Lanes.WorthIt(&jobs))
                Blake3Lanes.Compress(&jobs, lanes, Blake3Core.ChunkStart, Blake3Core.ChunkEnd, 0, cvs + 8 * at);
            else
                Blake3Lanes.CompressOneByOne(&jobs, lanes, Blake3Core.ChunkStart, Blake3Core.ChunkEnd, 0, cvs + 8 * at);
        }
        Reduce(cvs, count, root);
    }

    /// <summary>
    /// Reduces the <paramref name="count"/> chaining values at <paramref name="cvs"/> (in place) level by level to
    /// one, or, when <paramref name="root"/> is given, to the root node (then <paramref name="count"/> ≥ 2).
    /// </summary>
    public static void Reduce(uint* cvs, int count, Blake3RootNode* root)
    {
        var jobs = default(LaneJobs);
        var nodes = count;
        var keep = root != null ? 2 : 1;
        while (nodes > keep)
        {
            var pairs = nodes / 2;
            for (var at = 0; at < pairs; at += Blake3Lanes.Lanes)
            {
                var lanes = Math.Min(Blake3Lanes.Lanes, pairs - at);
                if (lanes == 1)
                {
                    // Parent in place: its inputs are read before its output is written.
                    Parent(cvs + 16 * at, cvs + 8 * at);
                    continue;
                }
                for (var j = 0; j < lanes; j++) jobs.Set(j, (byte*)(cvs + 16 * (at + j)), 1, Blake3.BlockSize, 0);
                for (var j = lanes; j < Blake3Lanes.Lanes; j++) jobs.Set(j, null, 0, 0, 0);
                Blake3Lanes.Compress(&jobs, lanes, 0, 0, Blake3Core.Parent, cvs + 8 * at);
            }
            if ((nodes & 1) != 0)
                new ReadOnlySpan<uint>(cvs + 8 * (nodes - 1), 8).CopyTo(new Span<uint>(cvs + 8 * pairs, 8));
            nodes = pairs + (nodes & 1);
        }
        if (root != null) SetParentRoot(cvs, root);
    }

    /// <summary>cv ← the chaining value of the parent whose 16-word block is <paramref name="block"/> (cv may overlap it).</summary>
    [SkipLocalsInit]
    private static void Parent(uint* block, uint* cv)
    {
        var bytes = stackalloc byte[Blake3.BlockSize];
        new ReadOnlySpan<byte>(block, Blake3.BlockSize).CopyTo(new Span<byte>(bytes, Blake3.BlockSize));
        Blake3Core.LoadIv(cv);
        Blake3Core.CompressInPlace(cv, bytes, 0, Blake3.BlockSize, Blake3Core.Parent);
    }

    private static void SetParentRoot(uint* block, Blake3RootNode* root)
    {
        Blake3Core.LoadIv(root->Cv);
        new ReadOnlySpan<byte>(block, Blake3.BlockSize).CopyTo(new Span<byte>(root->Block, Blake3.BlockSize));
        root->BlockLength = Blake3.BlockSize;
        root->Flags = Blake3Core.Parent;
    }

    /// <summary>Where each chunk's bytes are: in place in the data, or assembled in lane j's scratch chunk.</summary>
    private readonly struct Message(byte* ends, byte* data, int dataLength, long length, byte* scratch)
    {
        /// <summary>Chunk <paramref name="index"/>'s length; <paramref name="input"/> gets its bytes, zero padded to whole blocks.</summary>
        public int Chunk(long index, int lane, out byte* input)
        {
            var start = index * Blake3.ChunkSize;
            var bytes = (int)Math.Min(Blake3.ChunkSize, length - start);
            if (start >= 8 && start + Blake3.ChunkSize <= 8L + dataLength)
            {
                input = data + (start - 8);
                return bytes;
            }
            input = scratch + lane * Blake3.ChunkSize;
            CopyRange(ends, data, dataLength, start, bytes, input);
            var padded = (bytes + Blake3.BlockSize - 1) / Blake3.BlockSize * Blake3.BlockSize;
            new Span<byte>(input + bytes, padded - bytes).Clear();
            return bytes;
        }
    }
}
