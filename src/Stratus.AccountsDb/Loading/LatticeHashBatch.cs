using Stratus.AccountsDb.Store;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Lattice hashes of merge winners, computed in the background (BLAKE3 XOF of 2,048 bytes per account is the
/// dominant cost of a load). Accounts are copied into one of two batches; a full batch is hashed on the thread pool
/// (split over the cores) while the merge fills the other. Sums are order-independent, so each worker keeps its own
/// accumulators and they are mixed into the two totals (final state, and the full snapshot's state under an
/// incremental) when a batch ends. At most one batch is hashed at a time, so the totals need no lock; they are
/// complete after <see cref="Flush"/>.
/// </summary>
internal sealed class LatticeHashBatch
{
    private const int MaxEntries = 16384;
    private readonly byte[] _combined;
    private readonly byte[] _full;
    private readonly int _workers = Math.Max(1, Environment.ProcessorCount);
    private Batch _filling = new();
    private Batch _hashing = new();
    private Task? _task;

    public LatticeHashBatch(byte[] combined, byte[] full)
    {
        _combined = combined;
        _full = full;
    }

    /// <summary>Queues a live account (pubkey ‖ encoded value).</summary>
    public void Add(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> value, bool combined, bool full)
    {
        var size = 32 + value.Length;
        var batch = _filling;
        if (batch.Count == MaxEntries || batch.Used + size > batch.Arena.Length)
        {
            Submit();
            batch = _filling;
            if (size > batch.Arena.Length) batch.Arena = new byte[size];
        }
        pubkey.CopyTo(batch.Arena.AsSpan(batch.Used));
        value.CopyTo(batch.Arena.AsSpan(batch.Used + 32));
        batch.Entries[batch.Count++] = (batch.Used, size, combined, full);
        batch.Used += size;
    }

    /// <summary>Hashes everything queued and waits for it.</summary>
    public void Flush()
    {
        if (_filling.Count > 0) Submit();
        Wait();
    }

    private void Submit()
    {
        Wait();
        (_filling, _hashing) = (_hashing, _filling);
        var batch = _hashing;
        _task = Task.Run(() => Hash(batch));
    }

    /// <summary>Time the producer spent blocked on a batch still being hashed (pipeline balance).</summary>
    public TimeSpan Waited { get; private set; }

    private void Wait()
    {
        var task = _task;
        _task = null;
        if (task == null) return;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        task.GetAwaiter().GetResult();
        Waited += System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    private void Hash(Batch batch)
    {
        var count = batch.Count;
        var workers = Math.Min(_workers, (count + 255) / 256);
        var combined = new byte[workers][];
        var full = new byte[workers][];
        Parallel.For(0, workers, w =>
        {
            var c = new byte[LtHash.Size];
            var f = new byte[LtHash.Size];
            Span<byte> one = stackalloc byte[LtHash.Size];
            for (var i = w; i < count; i += workers)
            {
                var (offset, length, toCombined, toFull) = batch.Entries[i];
                var record = batch.Arena.AsSpan(offset, length);
                var pubkey = record[..32];
                var value = record[32..];
                AccountHashes.Lattice(AccountEncoding.Lamports(value), AccountEncoding.Data(value), AccountEncoding.Executable(value),
                    AccountEncoding.Owner(value), pubkey, one);
                if (toCombined) LtHash.MixIn(c, one);
                if (toFull) LtHash.MixIn(f, one);
            }
            combined[w] = c;
            full[w] = f;
        });
        for (var w = 0; w < workers; w++)
        {
            LtHash.MixIn(_combined, combined[w]);
            LtHash.MixIn(_full, full[w]);
        }
        batch.Count = 0;
        batch.Used = 0;
    }

    private sealed class Batch
    {
        public byte[] Arena = new byte[8 << 20];
        public readonly (int Offset, int Length, bool Combined, bool Full)[] Entries = new (int, int, bool, bool)[MaxEntries];
        public int Count;
        public int Used;
    }
}
