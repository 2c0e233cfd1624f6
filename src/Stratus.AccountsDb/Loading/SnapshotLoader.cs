using System.Buffers.Binary;
using System.Diagnostics;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Snapshots;
using Stratus.AccountsDb.Store;
using Stratus.Core;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Loads a full (and optionally an incremental) snapshot archive into an <see cref="AccountStore"/> directory.
/// <para>
/// Stage: decompression and parsing append every account record, keyed pubkey ‖ ~slot ‖ ~sequence, to one of many
/// buckets that partition the pubkey range (<see cref="StagingBuckets"/>); buckets stay in memory up to a budget and
/// the rest spill to files through writer threads. Merge: workers take buckets in pubkey order, sort each in memory
/// (<see cref="SortedBucket"/>), keep each pubkey's newest record (highest slot, then latest record), and write the
/// winners with lamports to the bucket's own accounts SST files, the owner index (<see cref="OwnerIndexRuns"/>) and
/// their lattice sums (<see cref="BucketMerger"/>). Buckets cover disjoint key ranges, so they need no merge with
/// each other and all their SST files are ingested at once into the bottom level. Capitalization and (when the
/// manifest needs it) merkle accounts hashes are accumulated on the way. Memory is the staging budget, one bucket per
/// worker and the write/read buffers, whatever the snapshot's size.
/// </para>
/// <para>
/// Crash safety: the directory is wiped and the metadata marked <see cref="LoadState.InProgress"/> before anything
/// is written; <see cref="LoadState.Complete"/> (with slot, bank hash, capitalization, lattice hash) is written in
/// one batch only after verification. A failed or killed load leaves the marker, and <see cref="AccountStore.Open"/>
/// refuses such a database.
/// </para>
/// </summary>
public static class SnapshotLoader
{
    public static SnapshotLoadResult Load(string databasePath, string fullArchive, string? incrementalArchive = null, SnapshotLoaderOptions? options = null)
    {
        options ??= new SnapshotLoaderOptions();
        options.Validate();
        PrepareDirectory(databasePath);
        using var store = AccountStore.Open(databasePath, options.Store, allowIncomplete: true);
        store.SetLoadState(LoadState.InProgress);
        return new Run(store, databasePath, options).Execute(fullArchive, incrementalArchive);
    }

    /// <summary>Wipes an existing account store (anything else non-empty is refused) and creates an empty directory.</summary>
    private static void PrepareDirectory(string path)
    {
        if (File.Exists(path)) throw new SnapshotLoadException(SnapshotLoadError.NotADatabase, $"{path} is a file, not a database directory");
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            if (!File.Exists(Path.Combine(path, "CURRENT")))
                throw new SnapshotLoadException(SnapshotLoadError.NotADatabase, $"{path} is not empty and holds no account store; refusing to overwrite it");
            Directory.Delete(path, recursive: true);
        }
        Directory.CreateDirectory(path);
    }

    private sealed class Run(AccountStore store, string databasePath, SnapshotLoaderOptions options)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly LoadStageClock _stages = new();
        private readonly List<string> _pipelineNotes = [];
        private readonly string _tempDirectory = Path.Combine(databasePath, "load-tmp");
        private long _records;
        private long _blobEntries;
        private StagingSummary _staging;
        private int _externalSorts;

        /// <summary>Settings of the SST files the loader writes (accounts, owner index): its block compression.</summary>
        /// <remarks>No bloom filter: every account file lands in the bottom level, whose filter reads skip (OptimizeFiltersForHits).</remarks>
        private ColumnFamilyOptions LoaderFileOptions => new() { Compression = options.FileCompression, BottommostCompression = options.FileCompression, BloomBitsPerKey = 0 };
        private long _bytesRead;
        private long _bytesTotal;
        private TimeSpan _lastReport;

        public SnapshotLoadResult Execute(string fullArchive, string? incrementalArchive)
        {
            _bytesTotal = new FileInfo(fullArchive).Length + (incrementalArchive == null ? 0 : new FileInfo(incrementalArchive).Length);
            SnapshotManifest fullManifest;
            SnapshotManifest? incrementalManifest = null;
            Merged merged;
            IReadOnlyList<BlobFileInfo> blobFiles = [];
            var blobs = options.BlobThresholdBytes == int.MaxValue
                ? null
                : new AccountBlobWriter(Path.Combine(databasePath, AccountStore.BlobDirectory), options.BlobFileBytes, options.BlobWriteBufferBytes, options.BlobCompressionLevel);
            try
            {
                Task blobsSynced;
                using (var full = ArchiveInput.Open(fullArchive, null))
                {
                    var buckets = new StagingBuckets(Path.Combine(_tempDirectory, "buckets"), BucketCount(full.Reader.Manifest, incrementalArchive),
                        options.StagingMemoryBytes, options.StagingWriteBufferBytes, writerThreads: 2, options.StagingCompressionLevel);
                    using (buckets)
                    {
                        fullManifest = Stage(full, null, buckets, blobs);
                        if (incrementalArchive != null)
                        {
                            using var incremental = ArchiveInput.Open(incrementalArchive, fullManifest.Slot);
                            incrementalManifest = Stage(incremental, fullManifest.Slot, buckets, blobs);
                        }
                        buckets.Finish();
                        // The blob files' last buffers and syncs overlap the merge; the commit waits for them.
                        blobsSynced = blobs == null ? Task.CompletedTask : Task.Factory.StartNew(blobs.Finish, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                        _stages.Mark("stage (decompress, parse, buckets)");
                        _pipelineNotes.Add($"staging: {buckets.Records:N0} records, {buckets.Bytes / 1048576.0:F0} MiB in {buckets.Count} buckets, " +
                                           $"{buckets.SpilledBuckets} spilled to disk ({buckets.FileBytes / 1048576.0:F0} MiB written); the producer waited {buckets.Waited.TotalSeconds:F2} s for bucket writes");
                        merged = Merge(buckets, fullManifest, incrementalManifest);
                        _staging = new StagingSummary(buckets.Count, buckets.SpilledBuckets, _externalSorts, buckets.Bytes, _blobEntries);
                    }
                }
                blobsSynced.GetAwaiter().GetResult();
                if (blobs != null)
                    _pipelineNotes.Add($"blob files: {_blobEntries:N0} accounts with more than {options.BlobThresholdBytes:N0} data bytes, {blobs.DataBytes / 1048576.0:F0} MiB of data written as {blobs.StoredBytes / 1048576.0:F0} MiB");
                if (blobs != null) blobFiles = blobs.Files.Select(f => f with { LiveBytes = merged.LiveBlobBytes.GetValueOrDefault(f.Id) }).ToList();
                _stages.Mark("blob files synced");
            }
            finally
            {
                blobs?.Dispose();
                TryDeleteDirectory(_tempDirectory);
            }

            Report(LoadPhase.Verifying, merged.Count, force: true);
            var result = Verify(fullManifest, incrementalManifest, merged);
            var final = incrementalManifest ?? fullManifest;
            store.CommitLoaded(final.Slot, final.Bank.Hash, merged.Capitalization, merged.Count, merged.LtHash, blobFiles);
            _stages.Mark("verify and commit");
            return result with { Stages = _stages.Stages, Elapsed = _clock.Elapsed, PipelineNotes = _pipelineNotes, Staging = _staging };
        }

        /// <summary>
        /// Buckets of about <see cref="SnapshotLoaderOptions.BucketBytes"/>: the full manifest gives the exact record
        /// bytes of the full archive; an incremental is estimated from its compressed size (a bucket that ends up too
        /// large is still handled, through sorted runs on disk).
        /// </summary>
        private int BucketCount(SnapshotManifest full, string? incrementalArchive)
        {
            long bytes = 0;
            foreach (var storage in full.AccountsDb.Storages) bytes += (long)Math.Min(storage.AccountsCurrentLen, (ulong)SnapshotArchiveReader.MaxAccountsFileSize);
            if (incrementalArchive != null) bytes += 8 * new FileInfo(incrementalArchive).Length;
            return (int)Math.Clamp((bytes + options.BucketBytes - 1) / Math.Max(1, options.BucketBytes), 1, MaxBuckets);
        }

        /// <summary>Open files and write buffers stay modest even for a billion-account snapshot (buckets then grow instead).</summary>
        private const int MaxBuckets = 4096;

        private SnapshotManifest Stage(ArchiveInput input, ulong? baseSlot, StagingBuckets buckets, AccountBlobWriter? blobs)
        {
            var before = _bytesRead;
            var reader = input.Reader;
            try
            {
                var manifest = reader.Manifest;
                if (baseSlot is { } fullSlot)
                {
                    var declared = manifest.IncrementalBaseSlot ?? reader.ArchiveName?.BaseSlot;
                    if (declared is { } d && d != fullSlot)
                        throw new SnapshotLoadException(SnapshotLoadError.IncrementalMismatch,
                            $"incremental snapshot {Path.GetFileName(input.Path)} builds on slot {d}, but the full snapshot is at slot {fullSlot}");
                    if (manifest.Slot <= fullSlot)
                        throw new SnapshotLoadException(SnapshotLoadError.IncrementalMismatch,
                            $"incremental snapshot slot {manifest.Slot} is not above the full snapshot slot {fullSlot}");
                }
                // Merkle leaves hash the data in pubkey order, at merge time: an archive verified that way stays inline.
                var needsLeaves = baseSlot == null ? !manifest.AccountsDb.BankHashInfo.AccountsHash.IsDefault : manifest.Extra.IncrementalSnapshotPersistence != null;
                var separate = needsLeaves ? null : blobs;
                using var files = new AccountsFilePrefetcher(reader, input.Stream);
                while (files.TryTake(out var file))
                {
                    StageFile(file, buckets, separate);
                    _bytesRead = before + files.ArchivePosition;
                    options.AfterAccountsFile?.Invoke(_records);
                    Report(LoadPhase.Staging, _records, force: false);
                }
                _bytesRead = before + input.Stream.Length;
                return manifest;
            }
            catch (SnapshotFormatException e)
            {
                throw new SnapshotLoadException(SnapshotLoadError.Archive, $"{Path.GetFileName(input.Path)}: {e.Message}", e);
            }
        }

        private void StageFile(AccountsFile file, StagingBuckets buckets, AccountBlobWriter? blobs)
        {
            var reader = file.GetReader();
            var inverseSlot = ~file.Slot;
            var threshold = blobs == null ? int.MaxValue : options.BlobThresholdBytes;
            while (reader.MoveNext())
            {
                var record = reader.Current;
                var data = record.Data;
                if (data.Length > threshold && record.Lamports != 0)
                {
                    var location = blobs!.Append(record.PubkeyBytes, data);
                    var staged = buckets.Append(record.PubkeyBytes, inverseSlot, ~(ulong)_records, StagedValue.ReferenceLength);
                    var length = AccountEncoding.WriteReference(record.Lamports, record.RentEpoch, record.Owner.AsSpan(), record.Executable, location, data.Length, staged);
                    LtHash.ComputeAccountRoot(record.Lamports, data, record.Executable, record.Owner.AsSpan(), record.PubkeyBytes, staged[length..]);
                    _blobEntries++;
                }
                else
                {
                    var span = buckets.Append(record.PubkeyBytes, inverseSlot, ~(ulong)_records, AccountEncoding.EncodedLength(data.Length));
                    AccountEncoding.Write(record.Lamports, record.RentEpoch, record.Owner.AsSpan(), record.Executable, data, span);
                }
                _records++;
            }
            if (reader.Error != AccountsFileError.None)
                throw new SnapshotFormatException(SnapshotError.AccountsFileRecord, reader.DescribeError(), file.ArchivePath, reader.ErrorOffset);
        }

        private sealed class Merged
        {
            public byte[] LtHash { get; } = new byte[Crypto.LtHash.Size];
            public ulong Capitalization;
            public long Count;
            public byte[] FullLtHash { get; } = new byte[Crypto.LtHash.Size];
            public ulong FullCapitalization;
            public MerkleHasher? FullMerkle;
            public MerkleHasher? IncrementalMerkle;
            public ulong IncrementalCapitalization;
            public Dictionary<uint, long> LiveBlobBytes { get; } = [];
        }

        /// <summary>
        /// Second phase: workers take buckets in order, sort each in memory (or through sorted runs on disk when a
        /// bucket is larger than <see cref="SnapshotLoaderOptions.MaxBucketBytes"/>) and merge it into its own SST
        /// files. Merkle leaves, which must be hashed in pubkey order, are fed bucket by bucket as buckets complete.
        /// </summary>
        private Merged Merge(StagingBuckets buckets, SnapshotManifest full, SnapshotManifest? incremental)
        {
            var merged = new Merged();
            var hasIncremental = incremental != null;
            if (!full.AccountsDb.BankHashInfo.AccountsHash.IsDefault) merged.FullMerkle = new MerkleHasher();
            if (incremental?.Extra.IncrementalSnapshotPersistence != null) merged.IncrementalMerkle = new MerkleHasher();
            var settings = new MergeSettings(full.Slot, hasIncremental, merged.FullMerkle != null, merged.IncrementalMerkle != null,
                store.Database.Settings, LoaderFileOptions, options.AccountsFileBytes, _tempDirectory);

            EnterPhase(LoadPhase.Merging);
            using var owners = new OwnerIndexRuns(Path.Combine(_tempDirectory, "owners"), buckets.Count);
            var results = new BucketResult?[buckets.Count];
            var groupStarts = GroupStarts(buckets, options.Workers);
            var groups = groupStarts.Length - 1;
            var groupFiles = new List<string>?[groups];
            var merkleNext = 0;
            var next = -1;
            var failed = false;
            var workers = Math.Clamp(options.Workers, 1, groups);
            var mergers = new BucketMerger[workers];
            var tasks = new Task[workers];
            for (var w = 0; w < workers; w++)
            {
                var merger = mergers[w] = new BucketMerger(settings);
                tasks[w] = Task.Factory.StartNew(() =>
                {
                    var sorted = new SortedBucket();
                    using var reader = buckets.CreateReader();
                    try
                    {
                        int g;
                        while (!Volatile.Read(ref failed) && (g = Interlocked.Increment(ref next)) < groups)
                        {
                            merger.BeginGroup(g);
                            for (var b = groupStarts[g]; b < groupStarts[g + 1]; b++)
                                MergeBucket(buckets, b, merger, sorted, reader, owners, results, merged, ref merkleNext);
                            groupFiles[g] = merger.EndGroup();
                        }
                    }
                    catch
                    {
                        Volatile.Write(ref failed, true);
                        throw;
                    }
                    finally
                    {
                        merger.Dispose();
                    }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            try
            {
                while (!Task.WaitAll(tasks, options.ProgressInterval < TimeSpan.FromSeconds(1) ? options.ProgressInterval : TimeSpan.FromSeconds(1)))
                    Report(LoadPhase.Merging, mergers.Sum(m => m.Scanned), force: false, buckets.Records);
            }
            catch (AggregateException e)
            {
                var first = e.Flatten().InnerExceptions.FirstOrDefault(x => x is SnapshotLoadException or AccountStoreException) ?? e.InnerExceptions[0];
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
            foreach (var merger in mergers)
            {
                merged.Capitalization += merger.Capitalization;
                merged.FullCapitalization += merger.FullCapitalization;
                merged.IncrementalCapitalization += merger.IncrementalCapitalization;
                merged.Count += merger.Count;
                foreach (var (file, bytes) in merger.LiveBlobBytes) merged.LiveBlobBytes[file] = merged.LiveBlobBytes.GetValueOrDefault(file) + bytes;
                merger.Lattice.AddTo(merged.LtHash, merged.FullLtHash);
            }
            _stages.Mark("merge buckets (sort, accounts SSTs, lattice hash)");
            _pipelineNotes.Add($"merge: {workers} workers over {buckets.Count} buckets in {groups} groups of about {buckets.Bytes / groups / 1048576.0:F0} MiB");

            var ownerFiles = KeyBatchSstWriter.Write(owners.Merge(options.OwnerIndexReadBufferBytes), OwnerIndexRuns.KeyLength, OwnerKeysPerFile,
                options.Workers, _tempDirectory, "owners", store.Database.Settings,
                AccountStore.OwnerIndexOptions with { Compression = options.FileCompression, BottommostCompression = options.FileCompression });
            _stages.Mark("owner index SSTs");
            var accountFiles = groupFiles.SelectMany(files => files!).ToList();
            if (accountFiles.Count > 0) store.Database.IngestExternalFiles(store.Accounts, accountFiles, new IngestOptions { MoveFiles = true });
            if (ownerFiles.Count > 0) store.Database.IngestExternalFiles(store.OwnerIndex, ownerFiles, new IngestOptions { MoveFiles = true });
            _stages.Mark("ingest");
            if (!hasIncremental)
            {
                merged.LtHash.CopyTo(merged.FullLtHash, 0);
                merged.FullCapitalization = merged.Capitalization;
            }
            return merged;
        }

        /// <summary>
        /// Consecutive buckets share SST files: a group is what fills about three quarters of a file (staged bytes are
        /// close to the values written), but at least eight groups per worker when the snapshot allows, so the last
        /// groups do not leave workers idle. Returns the first bucket of each group and, last, the bucket count.
        /// </summary>
        private int[] GroupStarts(StagingBuckets buckets, int workers)
        {
            var target = Math.Max(1, Math.Min(options.AccountsFileBytes * 3 / 4, buckets.Bytes / (8L * workers)));
            var starts = new List<int> { 0 };
            long bytes = 0;
            for (var b = 0; b < buckets.Count; b++)
            {
                if (bytes >= target)
                {
                    starts.Add(b);
                    bytes = 0;
                }
                bytes += buckets[b].Bytes;
            }
            starts.Add(buckets.Count);
            return [.. starts];
        }

        /// <summary>Sorts and merges one bucket, writes its owner run, and feeds merkle leaves of every bucket now complete in order.</summary>
        private void MergeBucket(StagingBuckets buckets, int b, BucketMerger merger, SortedBucket sorted, StagingBuckets.BucketReader reader,
            OwnerIndexRuns owners, BucketResult?[] results, Merged merged, ref int merkleNext)
        {
            var bucket = buckets[b];
            BucketResult result;
            if (bucket.Spilled && bucket.Bytes > options.MaxBucketBytes)
            {
                Interlocked.Increment(ref _externalSorts);
                using var external = new ExternalBucketSort(buckets, bucket, reader, Path.Combine(_tempDirectory, $"runs-{b:D5}"), options.MaxBucketBytes);
                result = merger.Merge(b, external.Sorted);
            }
            else
            {
                buckets.ReadBack(bucket, reader);
                sorted.Load(bucket);
                result = merger.Merge(b, sorted);
                sorted.Clear();
            }
            owners.WriteRun(b, merger.Owners);
            buckets.Release(bucket);
            lock (results)
            {
                results[b] = result;
                for (; merkleNext < results.Length && results[merkleNext] is { } ready; merkleNext++)
                {
                    Feed(merged.FullMerkle, ready.FullLeaves);
                    Feed(merged.IncrementalMerkle, ready.IncrementalLeaves);
                    ready.FullLeaves = null;
                    ready.IncrementalLeaves = null;
                }
            }
        }

        private static void Feed(MerkleHasher? hasher, LeafList? leaves)
        {
            if (hasher == null || leaves == null) return;
            for (var i = 0; i < leaves.Count; i++) hasher.Add(leaves[i]);
        }

        /// <summary>Owner-index keys per SST file: 16 MiB batches, so the workers share even a small index.</summary>
        private const int OwnerKeysPerFile = 256 << 10;

        private SnapshotLoadResult Verify(SnapshotManifest full, SnapshotManifest? incremental, Merged merged)
        {
            var notes = new List<string>();
            var computedFullLt = new AccountsLtHash(merged.FullLtHash);
            var computedLt = new AccountsLtHash(merged.LtHash);
            Hash? computedAccountsHash = merged.FullMerkle?.Finish();
            Hash? computedIncrementalHash = merged.IncrementalMerkle?.Finish();

            // The full snapshot's own state.
            if (merged.FullCapitalization != full.Bank.Capitalization)
                throw new SnapshotLoadException(SnapshotLoadError.CapitalizationMismatch,
                    $"capitalization of the full snapshot (slot {full.Slot}): computed {merged.FullCapitalization}, manifest {full.Bank.Capitalization}");
            var fullVerifiedBy = VerifyState("full snapshot", full, computedFullLt, computedAccountsHash, full.AccountsDb.BankHashInfo.AccountsHash, notes);

            var final = incremental ?? full;
            var verifiedBy = fullVerifiedBy;
            if (incremental != null)
            {
                if (merged.Capitalization != incremental.Bank.Capitalization)
                    throw new SnapshotLoadException(SnapshotLoadError.CapitalizationMismatch,
                        $"capitalization at incremental slot {incremental.Slot}: computed {merged.Capitalization}, manifest {incremental.Bank.Capitalization}");
                var persistence = incremental.Extra.IncrementalSnapshotPersistence;
                if (persistence != null && computedIncrementalHash is { } inc && persistence.IncrementalHash == inc
                    && persistence.IncrementalCapitalization == merged.IncrementalCapitalization)
                {
                    verifiedBy = "incremental accounts hash";
                    if (incremental.Extra.AccountsLtHash is { } lt && !lt.Equals(computedLt))
                        notes.Add($"incremental manifest lattice hash {lt} differs from the computed {computedLt} (not a from-scratch sum in this writer); verified by the incremental accounts hash");
                }
                else
                {
                    verifiedBy = VerifyState("incremental snapshot", incremental, computedLt, null, Hash.Default, notes);
                }
            }
            return new SnapshotLoadResult
            {
                Slot = final.Slot,
                BankHash = final.Bank.Hash,
                AccountCount = merged.Count,
                Capitalization = merged.Capitalization,
                ComputedLtHash = computedLt,
                StoredLtHash = final.Extra.AccountsLtHash,
                VerifiedBy = verifiedBy,
                ComputedAccountsHash = computedAccountsHash,
                StoredAccountsHash = full.AccountsDb.BankHashInfo.AccountsHash.IsDefault ? null : full.AccountsDb.BankHashInfo.AccountsHash,
                ComputedIncrementalAccountsHash = computedIncrementalHash,
                StoredIncrementalAccountsHash = incremental?.Extra.IncrementalSnapshotPersistence?.IncrementalHash,
                RecordsRead = _records,
                ArchiveBytes = _bytesTotal,
                Elapsed = _clock.Elapsed,
                Notes = notes,
            };
        }

        private static string VerifyState(string what, SnapshotManifest manifest, AccountsLtHash computedLt, Hash? computedAccountsHash, Hash storedAccountsHash, List<string> notes)
        {
            var storedLt = manifest.Extra.AccountsLtHash;
            if (storedLt != null && storedLt.Equals(computedLt)) return "lattice hash";
            if (!storedAccountsHash.IsDefault && computedAccountsHash is { } computed)
            {
                if (computed != storedAccountsHash)
                    throw new SnapshotLoadException(SnapshotLoadError.AccountsHashMismatch,
                        $"accounts hash of the {what} (slot {manifest.Slot}): computed {computed}, manifest {storedAccountsHash}");
                if (storedLt != null)
                    notes.Add($"{what} manifest lattice hash {storedLt} differs from the computed {computedLt}; verified by the accounts hash");
                return "accounts hash";
            }
            if (storedLt != null)
                throw new SnapshotLoadException(SnapshotLoadError.LtHashMismatch,
                    $"accounts lattice hash of the {what} (slot {manifest.Slot}): computed {computedLt}, manifest {storedLt} (blake3 checksums)");
            throw new SnapshotLoadException(SnapshotLoadError.NothingToVerify,
                $"the {what} manifest (slot {manifest.Slot}) has neither an accounts lattice hash nor an accounts hash to verify against");
        }

        /// <summary>Starts the clock of a phase (its rate and ETA count from here).</summary>
        private void EnterPhase(LoadPhase phase)
        {
            _phase = phase;
            _phaseStarted = _clock.Elapsed;
        }

        private void Report(LoadPhase phase, long accounts, bool force, long? phaseTotal = null)
        {
            if (options.Progress == null) return;
            var elapsed = _clock.Elapsed;
            if (phase != _phase) EnterPhase(phase);
            if (!force && elapsed - _lastReport < options.ProgressInterval) return;
            _lastReport = elapsed;
            options.Progress(new LoadProgress(phase, accounts, _bytesRead, _bytesTotal, elapsed, elapsed - _phaseStarted, phaseTotal));
        }

        private LoadPhase _phase = LoadPhase.Staging;
        private TimeSpan _phaseStarted;

        private static void TryDeleteDirectory(string path)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
