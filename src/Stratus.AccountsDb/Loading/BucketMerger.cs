using System.Buffers.Binary;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;
using Stratus.Core;

namespace Stratus.AccountsDb.Loading;

/// <summary>What the merge of one bucket produced, kept until its turn in pubkey order (merkle leaves) and ingestion.</summary>
internal sealed class BucketResult
{
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
/// below the full slot) for the full snapshot's capitalization, lattice hash and merkle accounts hash. A worker
/// merges a group of consecutive buckets into the same SST files (<see cref="BeginGroup"/>, <see cref="EndGroup"/>),
/// so a store is a few large files rather than one per bucket.
/// </summary>
internal sealed class BucketMerger(MergeSettings settings) : IDisposable
{
    private readonly byte[] _current = new byte[Pubkey.Length];
    private List<string> _files = [];
    private int _group;
    private SstFileWriter? _writer;
    private long _written;

    public LatticeSums Lattice { get; } = new();
    public BucketOwners Owners { get; } = new();
    public ulong Capitalization;
    public ulong FullCapitalization;
    public ulong IncrementalCapitalization;
    public long Count;
    public long Scanned;

    /// <summary>Bytes of blob-file entries referenced by this worker's winners, by file id.</summary>
    public Dictionary<uint, long> LiveBlobBytes { get; } = [];

    private void AddLiveBlobBytes(ReadOnlySpan<byte> reference)
    {
        var fileId = AccountEncoding.Location(reference).FileId;
        LiveBlobBytes[fileId] = LiveBlobBytes.GetValueOrDefault(fileId) + AccountBlobWriter.EntryLength(AccountEncoding.ReferencedDataLength(reference));
    }

    public void BeginGroup(int group)
    {
        _group = group;
        _files = [];
    }

    /// <summary>Finishes the group's last SST file; returns the group's files in key order.</summary>
    public List<string> EndGroup()
    {
        EndGroupFile();
        return _files;
    }

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
        while (sorted.MoveNext())
        {
            var key = sorted.Key;
            var value = sorted.Value;
            if (key.Length != StagingBuckets.KeyLength || !StagedValue.IsValid(value))
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
                    if (_writer == null || _written >= settings.AccountsFileBytes)
                    {
                        EndGroupFile();
                        var path = Path.Combine(settings.Directory, $"accounts-{_group:D5}-{_files.Count:D3}.sst");
                        _files.Add(path);
                        _writer = SstFileWriter.Create(path, settings.Database, settings.FileOptions);
                        _written = 0;
                    }
                    var stored = StagedValue.Stored(value);
                    _writer.Put(pubkey, stored);
                    _written += Pubkey.Length + stored.Length;
                    if (stored.Length != value.Length) AddLiveBlobBytes(stored);
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
        return result;
    }

    private void AddFull(ulong lamports, ReadOnlySpan<byte> value, ReadOnlySpan<byte> pubkey, BucketResult result)
    {
        if (lamports == 0) return;
        if (settings.HasIncremental) FullCapitalization += lamports;
        if (result.FullLeaves != null) Leaf(value, pubkey, result.FullLeaves.Next());
    }

    private static void Leaf(ReadOnlySpan<byte> value, ReadOnlySpan<byte> pubkey, Span<byte> destination)
    {
        // Staging keeps data inline whenever the archive's verification needs merkle leaves.
        if (StagedValue.IsReference(value))
            throw new SnapshotLoadException(SnapshotLoadError.Staging, $"account {Pubkey.Read(pubkey)} needs a merkle leaf but its data was staged in a blob file");
        AccountHashes.MerkleLeaf(AccountEncoding.Lamports(value), AccountEncoding.RentEpoch(value), AccountEncoding.Data(value),
            AccountEncoding.Executable(value), AccountEncoding.Owner(value), pubkey, destination);
    }

    private void EndGroupFile()
    {
        if (_writer == null) return;
        _writer.Finish();
        _writer.Dispose();
        _writer = null;
    }

    /// <summary>Drops an unfinished SST writer (a failed load).</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
