using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Stratus.Crypto;

/// <summary>
/// Running lattice-hash sums of many accounts (one instance per thread). Each account is hashed once and added to
/// every sum its mask selects.
/// </summary>
/// <remarks>
/// With AVX2, an account whose message fits one BLAKE3 chunk (data up to 951 bytes) is copied into a queue by its
/// number of input blocks; eight accounts with the same count have their non-root blocks compressed together, one
/// per lane (<see cref="Blake3Lanes"/>). Each account's 2,048 output bytes are then added straight into a running
/// sum kept in the output kernel's word order (<see cref="Blake3LatticeOutput.Accumulate"/>), without being written
/// out. With up to <see cref="MaskedSums"/> sums there is one running sum per non-empty mask, so an account costs one
/// addition whatever its mask; the sums are assembled from them when read. Accounts of 2 to 16 chunks are copied to a
/// 64-chunk stage and their chunks compressed eight at a time across accounts; larger ones are hashed at once, their
/// whole chunks eight at a time read in place. Nothing allocates after construction; all buffers are pinned arrays.
/// </remarks>
public sealed unsafe class LtHashAccumulator
{
    /// <summary>Sums up to this count are kept per mask (2^n − 1 running sums); more are kept per sum.</summary>
    public const int MaskedSums = 4;

    private const int Lanes = Blake3Lanes.Lanes;
    /// <summary>Chunks the stage holds; accounts of up to <see cref="MaxStagedChunks"/> chunks are staged.</summary>
    private const int StageChunks = 64;
    private const int MaxStagedChunks = 16;
    /// <summary>A one-chunk message has 2 (73 bytes, no data) to 16 blocks, so 1 to 15 blocks before its root block.</summary>
    private const int MaxInputBlocks = Blake3.ChunkSize / Blake3.BlockSize - 1;

    private readonly int _sums;
    private readonly bool _wide;
    private readonly bool _perMask;
    private readonly int _allMask;
    // Running sums: per non-empty mask (_perMask) or per sum, in kernel order (wide) or byte order.
    // Pinned arrays (so the pointers below stay valid for the instance's lifetime), each aligned to 64 bytes.
    private readonly byte[] _runningArray, _resultsArray, _scratchArray, _queueArray;
    private readonly int _resultsOffset;
    private readonly byte* _running;
    private readonly int _runningCount;
    private readonly byte* _scratchSum;
    // Queue: bucket k (1 … 15) holds up to 8 messages of k + 1 blocks.
    private readonly byte* _queue;
    private readonly int[] _queued = new int[MaxInputBlocks + 1];
    private readonly int[] _queuedMask = new int[(MaxInputBlocks + 1) * Lanes];
    private readonly int[] _queuedLength = new int[(MaxInputBlocks + 1) * Lanes];
    // Stage: accounts of 2 … 16 chunks, each from a chunk boundary, so that their chunks share lanes.
    private readonly byte[] _stageArray, _stageCvArray;
    private readonly byte* _stage;
    private readonly uint* _stageCvs;
    private readonly int[] _stagedFirst = new int[StageChunks / 2];
    private readonly int[] _stagedChunks = new int[StageChunks / 2];
    private readonly int[] _stagedLength = new int[StageChunks / 2];
    private readonly int[] _stagedMask = new int[StageChunks / 2];
    private readonly int[] _chunkOrder = new int[StageChunks];
    private readonly int[] _chunkBlocks = new int[StageChunks];
    private int _stagedAccounts;
    private int _stagedChunkTotal;

    public LtHashAccumulator(int sums) : this(sums, useAvx2: true)
    {
    }

    /// <summary><paramref name="useAvx2"/> = false takes the one-account-at-a-time path whatever the CPU (for tests).</summary>
    internal LtHashAccumulator(int sums, bool useAvx2)
    {
        if (sums is < 1 or > 30) throw new ArgumentOutOfRangeException(nameof(sums), sums, "between 1 and 30 sums");
        _sums = sums;
        _allMask = (1 << sums) - 1;
        _wide = useAvx2 && Blake3Wide.IsSupported;
        _perMask = _wide && sums <= MaskedSums;
        _runningCount = _perMask ? _allMask : sums;
        _running = Alloc(_runningCount * LtHash.Size, out _runningArray, out _);
        Alloc(sums * LtHash.Size, out _resultsArray, out _resultsOffset);
        _scratchSum = Alloc(LtHash.Size, out _scratchArray, out _);
        _queue = Alloc(QueueOffset(MaxInputBlocks + 1), out _queueArray, out _);
        _stage = Alloc(StageChunks * Blake3.ChunkSize, out _stageArray, out _);
        _stageCvs = (uint*)Alloc(StageChunks * 32, out _stageCvArray, out _);
    }

    /// <summary>Number of independent sums.</summary>
    public int Sums => _sums;

    /// <summary>
    /// Adds the account's lattice hash to every sum whose bit is set in <paramref name="sumMask"/>. The account may be
    /// queued (its fields are copied) and hashed with others; <see cref="Flush"/> or <see cref="Sum"/> completes it.
    /// An account with zero lamports hashes to the identity and changes nothing.
    /// </summary>
    [SkipLocalsInit]
    public void Add(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, int sumMask)
    {
        if (owner.Length != 32) throw new ArgumentException($"owner must be 32 bytes, got {owner.Length}", nameof(owner));
        if (pubkey.Length != 32) throw new ArgumentException($"pubkey must be 32 bytes, got {pubkey.Length}", nameof(pubkey));
        if ((sumMask & ~_allMask) != 0) throw new ArgumentOutOfRangeException(nameof(sumMask), sumMask, $"only {_sums} sums");
        if (lamports == 0 || sumMask == 0) return;
        var length = LtHashAccountRoot.FixedBytes + data.Length;
        if (!_wide)
        {
            var one = new Span<byte>(_scratchSum, LtHash.Size);
            LtHash.ComputeAccount(lamports, data, executable, owner, pubkey, one);
            for (var i = 0; i < _sums; i++)
                if ((sumMask & (1 << i)) != 0) LtHash.MixIn(Running(i), one);
        }
        else if (length <= Blake3.ChunkSize)
        {
            Queue(lamports, data, executable, owner, pubkey, length, sumMask);
        }
        else if (length <= MaxStagedChunks * Blake3.ChunkSize)
        {
            Stage(lamports, data, executable, owner, pubkey, length, sumMask);
        }
        else
        {
            Blake3RootNode root;
            LtHashAccountRoot.MultiChunk(lamports, data, executable, owner, pubkey, &root);
            AddOutput(root.Cv, root.Block, root.BlockLength, root.Flags, sumMask);
        }
        // The buffers are reached through raw pointers: the arrays (and so this object) must outlive every use.
        GC.KeepAlive(this);
    }

    /// <summary>
    /// Adds the account whose root (<see cref="LtHash.ComputeAccountRoot"/>) is <paramref name="root"/> to every sum in
    /// <paramref name="sumMask"/>: the same as <see cref="Add"/> with its fields, at the cost of the output step only.
    /// </summary>
    [SkipLocalsInit]
    public void AddRoot(ReadOnlySpan<byte> root, int sumMask)
    {
        if ((sumMask & ~_allMask) != 0) throw new ArgumentOutOfRangeException(nameof(sumMask), sumMask, $"only {_sums} sums");
        Blake3RootNode node;
        if (!LtHash.ReadAccountRoot(root, &node) || sumMask == 0) return;
        if (_wide)
        {
            AddOutput(node.Cv, node.Block, node.BlockLength, node.Flags, sumMask);
        }
        else
        {
            Span<byte> one = stackalloc byte[LtHash.Size];
            Blake3Core.RootOutput(node.Cv, node.Block, node.BlockLength, node.Flags, 0, one);
            for (var i = 0; i < _sums; i++)
                if ((sumMask & (1 << i)) != 0) LtHash.MixIn(Running(i), one);
        }
        GC.KeepAlive(this);
    }

    private void Queue(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, int length, int sumMask)
    {
        var blocks = (length + Blake3.BlockSize - 1) / Blake3.BlockSize;
        var bucket = blocks - 1;
        var slot = _queued[bucket];
        var message = Slot(bucket, slot);
        WriteMessage(lamports, data, executable, owner, pubkey, message);
        new Span<byte>(message + length, blocks * Blake3.BlockSize - length).Clear();
        _queuedMask[bucket * Lanes + slot] = sumMask;
        _queuedLength[bucket * Lanes + slot] = length;
        _queued[bucket] = slot + 1;
        if (slot + 1 == Lanes) Hash(bucket);
    }

    /// <summary>Hashes every queued account.</summary>
    public void Flush()
    {
        for (var bucket = 1; bucket <= MaxInputBlocks; bucket++)
            if (_queued[bucket] > 0) Hash(bucket);
        if (_stagedAccounts > 0) HashStage();
        GC.KeepAlive(this);
    }

    /// <summary>Sum <paramref name="index"/> (2,048 bytes), after hashing anything queued. Valid until the next call.</summary>
    public ReadOnlySpan<byte> Sum(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _sums);
        Flush();
        var result = _resultsArray.AsSpan(_resultsOffset + index * LtHash.Size, LtHash.Size);
        if (!_wide)
        {
            Running(index).CopyTo(result);
        }
        else
        {
            var permuted = new Span<byte>(_scratchSum, LtHash.Size);
            if (_perMask)
            {
                permuted.Clear();
                for (var mask = 1; mask <= _allMask; mask++)
                    if ((mask & (1 << index)) != 0) LtHash.MixIn(permuted, Running(mask - 1));
            }
            else
            {
                Running(index).CopyTo(permuted);
            }
            Blake3LatticeOutput.ToBytes((uint*)_scratchSum, result);
        }
        GC.KeepAlive(this);
        return result;
    }

    /// <summary>Sets every sum to the identity and drops anything queued.</summary>
    public void Clear()
    {
        new Span<byte>(_running, _runningCount * LtHash.Size).Clear();
        Array.Clear(_queued);
        _stagedAccounts = 0;
        _stagedChunkTotal = 0;
        GC.KeepAlive(this);
    }

    /// <summary>Compresses the queued messages of one bucket together, then adds each one's output.</summary>
    [SkipLocalsInit]
    private void Hash(int bucket)
    {
        var count = _queued[bucket];
        var jobs = default(LaneJobs);
        for (var j = 0; j < Lanes; j++)
        {
            if (j < count) jobs.Set(j, Slot(bucket, j), bucket, Blake3.BlockSize, 0);
            else jobs.Set(j, null, 0, 0, 0);
        }
        var cvs = stackalloc uint[Lanes * 8];
        Blake3Lanes.Compress(&jobs, count, Blake3Core.ChunkStart, 0, 0, cvs);
        for (var j = 0; j < count; j++)
        {
            var rootLength = _queuedLength[bucket * Lanes + j] - bucket * Blake3.BlockSize;
            AddOutput(cvs + 8 * j, Slot(bucket, j) + bucket * Blake3.BlockSize, (uint)rootLength, Blake3Core.ChunkEnd, _queuedMask[bucket * Lanes + j]);
        }
        _queued[bucket] = 0;
    }

    private void Stage(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, int length, int sumMask)
    {
        var chunks = (length + Blake3.ChunkSize - 1) / Blake3.ChunkSize;
        if (_stagedChunkTotal + chunks > StageChunks) HashStage();
        var message = _stage + _stagedChunkTotal * Blake3.ChunkSize;
        WriteMessage(lamports, data, executable, owner, pubkey, message);
        var padded = (length + Blake3.BlockSize - 1) / Blake3.BlockSize * Blake3.BlockSize;
        new Span<byte>(message + length, padded - length).Clear();
        var a = _stagedAccounts++;
        _stagedFirst[a] = _stagedChunkTotal;
        _stagedChunks[a] = chunks;
        _stagedLength[a] = length;
        _stagedMask[a] = sumMask;
        _stagedChunkTotal += chunks;
    }

    /// <summary>lamports (u64 LE: the AVX2 path runs only on little-endian x86) ‖ data ‖ executable ‖ owner ‖ pubkey.</summary>
    private static void WriteMessage(ulong lamports, ReadOnlySpan<byte> data, bool executable, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> pubkey, byte* message)
    {
        *(ulong*)message = lamports;
        data.CopyTo(new Span<byte>(message + 8, data.Length));
        message += 8 + data.Length;
        *message = executable ? (byte)1 : (byte)0;
        owner.CopyTo(new Span<byte>(message + 1, 32));
        pubkey.CopyTo(new Span<byte>(message + 33, 32));
    }

    /// <summary>
    /// Compresses every staged chunk, eight lanes at a time across accounts: whole chunks first, then the accounts'
    /// last chunks from longest to shortest, so each batch's lanes are about as long; then each account's tree and output.
    /// </summary>
    [SkipLocalsInit]
    private void HashStage()
    {
        var order = 0;
        for (var a = 0; a < _stagedAccounts; a++)
        for (var k = 0; k < _stagedChunks[a]; k++)
        {
            var bytes = Math.Min(Blake3.ChunkSize, _stagedLength[a] - k * Blake3.ChunkSize);
            _chunkBlocks[_stagedFirst[a] + k] = (bytes + Blake3.BlockSize - 1) / Blake3.BlockSize;
            if (bytes == Blake3.ChunkSize) _chunkOrder[order++] = _stagedFirst[a] + k;
        }
        var whole = order;
        for (var a = 0; a < _stagedAccounts; a++)
        {
            var last = _stagedFirst[a] + _stagedChunks[a] - 1;
            if (_stagedLength[a] % Blake3.ChunkSize == 0) continue; // already among the whole chunks
            // Insertion by block count, longest first.
            var at = order++;
            while (at > whole && _chunkBlocks[_chunkOrder[at - 1]] < _chunkBlocks[last])
            {
                _chunkOrder[at] = _chunkOrder[at - 1];
                at--;
            }
            _chunkOrder[at] = last;
        }
        var jobs = default(LaneJobs);
        var cvs = stackalloc uint[Lanes * 8];
        for (var at = 0; at < order; at += Lanes)
        {
            var lanes = Math.Min(Lanes, order - at);
            for (var j = 0; j < Lanes; j++)
            {
                if (j >= lanes)
                {
                    jobs.Set(j, null, 0, 0, 0);
                    continue;
                }
                var chunk = _chunkOrder[at + j];
                var a = AccountOf(chunk);
                var k = chunk - _stagedFirst[a];
                var blocks = _chunkBlocks[chunk];
                var bytes = Math.Min(Blake3.ChunkSize, _stagedLength[a] - k * Blake3.ChunkSize);
                jobs.Set(j, _stage + chunk * Blake3.ChunkSize, blocks, (uint)(bytes - (blocks - 1) * Blake3.BlockSize), (ulong)k);
            }
            if (Blake3Lanes.WorthIt(&jobs))
                Blake3Lanes.Compress(&jobs, lanes, Blake3Core.ChunkStart, Blake3Core.ChunkEnd, 0, cvs);
            else
                Blake3Lanes.CompressOneByOne(&jobs, lanes, Blake3Core.ChunkStart, Blake3Core.ChunkEnd, 0, cvs);
            for (var j = 0; j < lanes; j++)
                new ReadOnlySpan<uint>(cvs + 8 * j, 8).CopyTo(new Span<uint>(_stageCvs + 8 * _chunkOrder[at + j], 8));
        }
        for (var a = 0; a < _stagedAccounts; a++)
        {
            Blake3RootNode root;
            LtHashAccountRoot.Reduce(_stageCvs + 8 * _stagedFirst[a], _stagedChunks[a], &root);
            AddOutput(root.Cv, root.Block, root.BlockLength, root.Flags, _stagedMask[a]);
        }
        _stagedAccounts = 0;
        _stagedChunkTotal = 0;
    }

    /// <summary>The staged account holding chunk <paramref name="chunk"/> of the stage (accounts are in chunk order).</summary>
    private int AccountOf(int chunk)
    {
        int low = 0, high = _stagedAccounts - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_stagedFirst[mid] <= chunk) low = mid;
            else high = mid - 1;
        }
        return low;
    }

    private void AddOutput(uint* cv, byte* block, uint blockLength, uint flags, int sumMask)
    {
        if (_perMask)
        {
            Blake3LatticeOutput.Accumulate(cv, block, blockLength, flags, (Vector256<ushort>*)(_running + (long)(sumMask - 1) * LtHash.Size));
            return;
        }
        var one = new Span<byte>(_scratchSum, LtHash.Size);
        one.Clear();
        Blake3LatticeOutput.Accumulate(cv, block, blockLength, flags, (Vector256<ushort>*)_scratchSum);
        for (var i = 0; i < _sums; i++)
            if ((sumMask & (1 << i)) != 0) LtHash.MixIn(Running(i), one);
    }

    /// <summary>Running sum <paramref name="index"/>: for the mask index + 1 when kept per mask, else for sum index.</summary>
    private Span<byte> Running(int index) => new(_running + (long)index * LtHash.Size, LtHash.Size);

    private byte* Slot(int bucket, int slot) => _queue + QueueOffset(bucket) + slot * (bucket + 1) * Blake3.BlockSize;

    /// <summary>Start of bucket k: buckets 1 … k − 1 hold 8 messages of 2 … k blocks each.</summary>
    private static int QueueOffset(int bucket) => Lanes * Blake3.BlockSize * (bucket * (bucket + 1) / 2 - 1);

    /// <summary>A zeroed, pinned array with room for <paramref name="bytes"/> from a 64-byte boundary at <paramref name="offset"/>.</summary>
    private static byte* Alloc(int bytes, out byte[] array, out int offset)
    {
        array = GC.AllocateArray<byte>(bytes + 64, pinned: true);
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        offset = (int)((64 - (nint)start % 64) % 64);
        return start + offset;
    }
}
