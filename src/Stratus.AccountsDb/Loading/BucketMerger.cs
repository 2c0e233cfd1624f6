using System.Buffers.Binary;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;
using Stratus.Core;

namespace Stratus.AccountsDb.Loading;

/// <summary>What the merge of one bucket produced, kept until its turn in pubkey order (merkle leaves) and ingestion.</summary>
internal sealed class BucketResult
{
    public List<string> AccountFiles { get; } = [];
    /// <summary>Merkle leaves of the full snapshot's state, in pubkey order, when the manifest needs them.</summary>
    public LeafList? FullLeaves { get; set; }
    /// <summary>Merkle leaves of the incremental's accounts (deletions included), in pubkey order, when needed.</summary>
    public LeafList? IncrementalLeaves { get; set; }
}

/// <summary>32-byte hashes appended in order.</summary>
internal sealed class LeafList
{
    private byte[] _bytes = new byte[Hash.Length * 256];

    public int Count { get; private set; }

    public Span<byte> Next()
    {
        if ((Count + 1) * Hash.Length > _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        return _bytes.AsSpan(Count++ * Hash.Length, Hash.Length);
    }

    public ReadOnlySpan<byte> this[int index] => _bytes.AsSpan(index * Hash.Length, Hash.Length);
}

/// <summary>What every worker needs to know about the load.</summary>
internal sealed record MergeSettings(
    ulong FullSlot,
    bool HasIncremental,
    bool FullMerkle,
    bool IncrementalMerkle,
    RocksDbOptions Database,
    ColumnFamilyOptions FileOptions,
    long AccountsFileBytes,
    string Directory);

/// <summary>
/// A worker of the second phase: takes one bucket's records in key order (each pubkey's records newest first),
/// keeps the first of each pubkey (highest slot, then latest record), and writes winners with lamports to the
/// bucket's accounts SST files, the owner-index collector and the lattice sums; capitalization and counts are summed
/// per worker. Under an incremental snapshot it also tracks the full snapshot's own state (the newest record at or
/// below the full slot) for the full snapshot's capitalization, lattice hash and merkle accounts hash.
/// </summary>
internal sealed class BucketMerger(MergeSettings settings)
{
    private readonly byte[] _current = new byte[Pubkey.Length];

    public LatticeSums Lattice { get; } = new();
    public BucketOwners Owners { get; } = new();
    public ulong Capitalization;
    public ulong FullCapitalization;
    public ulong IncrementalCapitalization;
    public long Count;
    public long Scanned;

    public BucketResult Merge(int bucket, RunSource sorted)
    {
        var result = new BucketResult();
        if (settings.FullMerkle) result.FullLeaves = new LeafList();
        if (settings.IncrementalMerkle) result.IncrementalLeaves = new LeafList();
        var fullSlot = settings.FullSlot;
        var hasIncremental = settings.HasIncremental;
        var haveCurrent = false;
        var combinedDone = false;
        var fullDone = false;
        SstFileWriter? writer = null;
        long written = 0;
        try
        {
            while (sorted.MoveNext())
            {
                var key = sorted.Key;
                var value = sorted.Value;
                if (key.Length != StagingBuckets.KeyLength || !AccountEncoding.IsValid(value))
                    throw new SnapshotLoadException(SnapshotLoadError.Staging, $"staging bucket {bucket} holds a malformed record");
                Scanned++;
                var pubkey = key[..Pubkey.Length];
                var slot = ~BinaryPrimitives.ReadUInt64BigEndian(key[Pubkey.Length..]);
                if (!haveCurrent || !pubkey.SequenceEqual(_current))
                {
                    pubkey.CopyTo(_current);
                    haveCurrent = true;
                    combinedDone = false;
                    fullDone = false;
                }
                if (combinedDone && (fullDone || !hasIncremental || slot > fullSlot)) continue;

                var lamports = AccountEncoding.Lamports(value);
                if (!combinedDone)
                {
                    combinedDone = true;
                    var inFull = !hasIncremental || slot <= fullSlot;
                    if (lamports != 0)
                    {
                        Lattice.Add(pubkey, value, LatticeSums.Final | (hasIncremental && inFull ? LatticeSums.Full : 0));
                        if (writer == null || written >= settings.AccountsFileBytes)
                        {
                            Finish(writer);
                            var path = Path.Combine(settings.Directory, $"accounts-{bucket:D5}-{result.AccountFiles.Count:D3}.sst");
                            result.AccountFiles.Add(path);
                            writer = SstFileWriter.Create(path, settings.Database, settings.FileOptions);
                            written = 0;
                        }
                        writer.Put(pubkey, value);
                        written += Pubkey.Length + value.Length;
                        Owners.Add(AccountEncoding.Owner(value), pubkey);
                        Capitalization += lamports;
                        Count++;
                    }
                    if (!inFull)
                    {
                        if (result.IncrementalLeaves != null) Leaf(value, pubkey, result.IncrementalLeaves.Next());
                        IncrementalCapitalization += lamports;
                        continue;
                    }
                    fullDone = true;
                    AddFull(lamports, value, pubkey, result);
                    continue;
                }
                // The newest record is from the incremental; this is the full snapshot's version of the account.
                fullDone = true;
                if (lamports != 0) Lattice.Add(pubkey, value, LatticeSums.Full);
                AddFull(lamports, value, pubkey, result);
            }
            Finish(writer);
            writer = null;
        }
        finally
        {
            writer?.Dispose();
        }
        return result;
    }

    private void AddFull(ulong lamports, ReadOnlySpan<byte> value, ReadOnlySpan<byte> pubkey, BucketResult result)
    {
        if (lamports == 0) return;
        if (settings.HasIncremental) FullCapitalization += lamports;
        if (result.FullLeaves != null) Leaf(value, pubkey, result.FullLeaves.Next());
    }

    private static void Leaf(ReadOnlySpan<byte> value, ReadOnlySpan<byte> pubkey, Span<byte> destination) =>
        AccountHashes.MerkleLeaf(AccountEncoding.Lamports(value), AccountEncoding.RentEpoch(value), AccountEncoding.Data(value),
            AccountEncoding.Executable(value), AccountEncoding.Owner(value), pubkey, destination);

    private static void Finish(SstFileWriter? writer)
    {
        if (writer == null) return;
        writer.Finish();
        writer.Dispose();
    }
}
