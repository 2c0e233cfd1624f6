using Stratus.AccountsDb.Store;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Lattice hashes of merge winners, computed in parallel batches (BLAKE3 XOF of 2,048 bytes per account is the
/// dominant cost of a load). Sums are order-independent, so each worker keeps its own accumulators and they are
/// mixed into the two totals (final state, and the full snapshot's state under an incremental) when a batch ends.
/// </summary>
internal sealed class LatticeHashBatch
{
    private const int MaxEntries = 8192;
    private readonly byte[] _combined;
    private readonly byte[] _full;
    private readonly int _workers = Math.Max(1, Environment.ProcessorCount);
    private byte[] _arena = new byte[8 << 20];
    private int _used;
    private readonly (int Offset, int Length, bool Combined, bool Full)[] _entries = new (int, int, bool, bool)[MaxEntries];
    private int _count;

    public LatticeHashBatch(byte[] combined, byte[] full)
    {
        _combined = combined;
        _full = full;
    }

    /// <summary>Queues a live account (pubkey ‖ encoded value).</summary>
    public void Add(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> value, bool combined, bool full)
    {
        var size = 32 + value.Length;
        if (_count == MaxEntries || _used + size > _arena.Length)
        {
            Flush();
            if (size > _arena.Length) _arena = new byte[size];
        }
        pubkey.CopyTo(_arena.AsSpan(_used));
        value.CopyTo(_arena.AsSpan(_used + 32));
        _entries[_count++] = (_used, size, combined, full);
        _used += size;
    }

    public void Flush()
    {
        if (_count == 0) return;
        var workers = Math.Min(_workers, (_count + 255) / 256);
        var combined = new byte[workers][];
        var full = new byte[workers][];
        Parallel.For(0, workers, w =>
        {
            var c = new byte[LtHash.Size];
            var f = new byte[LtHash.Size];
            Span<byte> one = new byte[LtHash.Size];
            for (var i = w; i < _count; i += workers)
            {
                var (offset, length, toCombined, toFull) = _entries[i];
                var record = _arena.AsSpan(offset, length);
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
        _count = 0;
        _used = 0;
    }
}
