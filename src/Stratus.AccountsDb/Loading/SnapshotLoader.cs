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
/// Stage: every account record is buffered as (pubkey ‖ ~slot ‖ ~sequence → encoded account) in one of two bounded
/// arenas; a full one is sorted and written as a run file in the background (<see cref="SortedRuns"/>). Merge: a
/// k-way merge of the runs sees each pubkey's records newest first, so the first is the winner (highest slot, then
/// latest record); winners with lamports go to sorted accounts SSTs and the owner index
/// (<see cref="OwnerIndexRuns"/>), their lattice hashes are computed in background batches
/// (<see cref="LatticeHashBatch"/>), and capitalization and (when the manifest needs it) merkle accounts hashes are
/// accumulated on the way. Memory is the arenas, hash batches and run read buffers, whatever the snapshot's size.
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
    private const int StagingKeyLength = Pubkey.Length + 8 + 8;

    public static SnapshotLoadResult Load(string databasePath, string fullArchive, string? incrementalArchive = null, SnapshotLoaderOptions? options = null)
    {
        options ??= new SnapshotLoaderOptions();
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

        /// <summary>Settings of the SST files the loader writes (accounts, owner index): its block compression.</summary>
        private ColumnFamilyOptions LoaderFileOptions => new() { Compression = options.FileCompression, BottommostCompression = options.FileCompression };
        private long _bytesRead;
        private long _bytesTotal;
        private TimeSpan _lastReport;

        public SnapshotLoadResult Execute(string fullArchive, string? incrementalArchive)
        {
            _bytesTotal = new FileInfo(fullArchive).Length + (incrementalArchive == null ? 0 : new FileInfo(incrementalArchive).Length);
            SnapshotManifest fullManifest;
            SnapshotManifest? incrementalManifest = null;
            Merged merged;
            using (var runs = new SortedRuns(_tempDirectory, options.SortBufferBytes / 2, StagingKeyLength))
            {
                fullManifest = Stage(fullArchive, null, runs);
                if (incrementalArchive != null) incrementalManifest = Stage(incrementalArchive, fullManifest.Slot, runs);
                using var merger = runs.Finish();
                _stages.Mark("stage (decompress, parse, sorted runs)");
                _pipelineNotes.Add($"staging waited {runs.Waited.TotalSeconds:F2} s for run sorts/writes ({runs.RunFiles} run files)");
                merged = Merge(merger, fullManifest, incrementalManifest);
            }
            TryDeleteDirectory(_tempDirectory);

            Report(LoadPhase.Verifying, merged.Count, force: true);
            var result = Verify(fullManifest, incrementalManifest, merged);
            var final = incrementalManifest ?? fullManifest;
            store.CommitLoaded(final.Slot, final.Bank.Hash, merged.Capitalization, merged.Count, merged.LtHash);
            _stages.Mark("verify and commit");
            return result with { Stages = _stages.Stages, Elapsed = _clock.Elapsed, PipelineNotes = _pipelineNotes };
        }

        private SnapshotManifest Stage(string archivePath, ulong? baseSlot, SortedRuns runs)
        {
            var before = _bytesRead;
            using var stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var readOptions = baseSlot is { } b ? new SnapshotReadOptions { IncrementalBaseSlot = b } : new SnapshotReadOptions();
            try
            {
                using var reader = new SnapshotArchiveReader(stream, readOptions, leaveOpen: true, fileName: Path.GetFileName(archivePath));
                reader.ReadHeader();
                var manifest = reader.Manifest;
                if (baseSlot is { } fullSlot)
                {
                    var declared = manifest.IncrementalBaseSlot ?? reader.ArchiveName?.BaseSlot;
                    if (declared is { } d && d != fullSlot)
                        throw new SnapshotLoadException(SnapshotLoadError.IncrementalMismatch,
                            $"incremental snapshot {Path.GetFileName(archivePath)} builds on slot {d}, but the full snapshot is at slot {fullSlot}");
                    if (manifest.Slot <= fullSlot)
                        throw new SnapshotLoadException(SnapshotLoadError.IncrementalMismatch,
                            $"incremental snapshot slot {manifest.Slot} is not above the full snapshot slot {fullSlot}");
                }
                while (reader.TryReadNextAccountsFile(out var file))
                {
                    StageFile(file, runs);
                    _bytesRead = before + stream.Position;
                    options.AfterAccountsFile?.Invoke(_records);
                    Report(LoadPhase.Staging, _records, force: false);
                }
                _bytesRead = before + stream.Length;
                return manifest;
            }
            catch (SnapshotFormatException e)
            {
                throw new SnapshotLoadException(SnapshotLoadError.Archive, $"{Path.GetFileName(archivePath)}: {e.Message}", e);
            }
        }

        private void StageFile(AccountsFile file, SortedRuns runs)
        {
            var reader = file.GetReader();
            var inverseSlot = ~file.Slot;
            while (reader.MoveNext())
            {
                var record = reader.Current;
                var data = record.Data;
                var span = runs.Append(AccountEncoding.EncodedLength(data.Length));
                record.PubkeyBytes.CopyTo(span);
                BinaryPrimitives.WriteUInt64BigEndian(span[32..], inverseSlot);
                BinaryPrimitives.WriteUInt64BigEndian(span[40..], ~(ulong)_records);
                AccountEncoding.Write(record.Lamports, record.RentEpoch, record.Owner.AsSpan(), record.Executable, data, span[StagingKeyLength..]);
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
        }

        private Merged Merge(RunMerger iterator, SnapshotManifest full, SnapshotManifest? incremental)
        {
            var db = store.Database;
            var merged = new Merged();
            var fullSlot = full.Slot;
            var hasIncremental = incremental != null;
            if (!full.AccountsDb.BankHashInfo.AccountsHash.IsDefault) merged.FullMerkle = new MerkleHasher();
            if (incremental?.Extra.IncrementalSnapshotPersistence != null) merged.IncrementalMerkle = new MerkleHasher();

            var lattice = new LatticeHashBatch(merged.LtHash, merged.FullLtHash);
            Span<byte> leaf = stackalloc byte[Hash.Length];
            Span<byte> current = stackalloc byte[Pubkey.Length];
            var haveCurrent = false;
            var combinedDone = false;
            var fullDone = false;

            var accountFiles = new List<string>();
            SstFileWriter? writer = null;
            var fileOptions = LoaderFileOptions;
            using var owners = new OwnerIndexRuns(Path.Combine(_tempDirectory, "owners"), options.OwnerIndexBufferBytes);
            long scanned = 0;
            try
            {
                while (iterator.MoveNext())
                {
                    var key = iterator.Key;
                    var value = iterator.Value;
                    if (key.Length != StagingKeyLength || !AccountEncoding.IsValid(value))
                        throw new AccountStoreException(AccountStoreError.CorruptValue, "malformed staging pair");
                    var pubkey = key[..Pubkey.Length];
                    var slot = ~BinaryPrimitives.ReadUInt64BigEndian(key[32..]);
                    if (!haveCurrent || !pubkey.SequenceEqual(current))
                    {
                        pubkey.CopyTo(current);
                        haveCurrent = true;
                        combinedDone = false;
                        fullDone = false;
                    }
                    if (++scanned % 65536 == 0) Report(LoadPhase.Merging, scanned, force: false);
                    if (combinedDone && (fullDone || !hasIncremental || slot > fullSlot)) continue;

                    var lamports = AccountEncoding.Lamports(value);
                    var data = AccountEncoding.Data(value);
                    var owner = AccountEncoding.Owner(value);
                    var executable = AccountEncoding.Executable(value);
                    if (!combinedDone)
                    {
                        combinedDone = true;
                        if (lamports != 0) lattice.Add(pubkey, value, combined: true, full: hasIncremental && slot <= fullSlot);
                        if (lamports != 0)
                        {
                            if (writer == null || (long)writer.FileSize >= options.AccountsFileBytes)
                            {
                                FinishWriter(writer);
                                var path = Path.Combine(_tempDirectory, $"accounts-{accountFiles.Count:D6}.sst");
                                accountFiles.Add(path);
                                writer = SstFileWriter.Create(path, db.Settings, fileOptions);
                            }
                            writer.Put(pubkey, value);
                            owners.Append(owner, pubkey);
                            merged.Capitalization += lamports;
                            merged.Count++;
                        }
                        if (hasIncremental && slot > fullSlot)
                        {
                            if (merged.IncrementalMerkle != null)
                            {
                                AccountHashes.MerkleLeaf(lamports, AccountEncoding.RentEpoch(value), data, executable, owner, pubkey, leaf);
                                merged.IncrementalMerkle.Add(leaf);
                            }
                            merged.IncrementalCapitalization += lamports;
                            continue;
                        }
                        fullDone = true;
                        if (hasIncremental) AddFull(merged, lamports, value, pubkey, leaf);
                        else if (merged.FullMerkle != null && lamports != 0)
                        {
                            AccountHashes.MerkleLeaf(lamports, AccountEncoding.RentEpoch(value), data, executable, owner, pubkey, leaf);
                            merged.FullMerkle.Add(leaf);
                        }
                        continue;
                    }
                    // The newest record is from the incremental; this is the full snapshot's version of the account.
                    fullDone = true;
                    if (lamports != 0) lattice.Add(pubkey, value, combined: false, full: true);
                    AddFull(merged, lamports, value, pubkey, leaf);
                }
                FinishWriter(writer);
                writer = null;
                _stages.Mark("merge (accounts SSTs, owner keys; hashing overlapped)");
                // The owner index (sorted runs of owner ‖ pubkey) is merged into its own SST files while the last
                // lattice hash batch is still being hashed.
                var ownerFiles = WriteSortedFiles(owners.Finish(), "owners", AccountStore.OwnerIndexOptions with { Compression = options.FileCompression, BottommostCompression = options.FileCompression });
                _stages.Mark("owner index SSTs");
                lattice.Flush();
                _stages.Mark("lattice hash (rest)");
                _pipelineNotes.Add($"merge waited {lattice.Waited.TotalSeconds:F2} s for lattice hashing");
                if (accountFiles.Count > 0) db.IngestExternalFiles(store.Accounts, accountFiles, new IngestOptions { MoveFiles = true });
                if (ownerFiles.Count > 0) db.IngestExternalFiles(store.OwnerIndex, ownerFiles, new IngestOptions { MoveFiles = true });
                _stages.Mark("ingest");
            }
            finally
            {
                writer?.Dispose();
            }
            if (!hasIncremental)
            {
                merged.LtHash.CopyTo(merged.FullLtHash, 0);
                merged.FullCapitalization = merged.Capitalization;
            }
            return merged;
        }

        /// <summary>Writes everything in <paramref name="sorted"/>, in key order, to SST files of at most the accounts file size.</summary>
        private List<string> WriteSortedFiles(RunMerger sorted, string name, ColumnFamilyOptions fileOptions)
        {
            var files = new List<string>();
            SstFileWriter? writer = null;
            try
            {
                using var merger = sorted;
                while (merger.MoveNext())
                {
                    if (writer == null || (long)writer.FileSize >= options.AccountsFileBytes)
                    {
                        FinishWriter(writer);
                        var path = Path.Combine(_tempDirectory, $"{name}-{files.Count:D6}.sst");
                        files.Add(path);
                        writer = SstFileWriter.Create(path, store.Database.Settings, fileOptions);
                    }
                    writer.Put(merger.Key, merger.Value);
                }
                FinishWriter(writer);
                writer = null;
            }
            finally
            {
                writer?.Dispose();
            }
            return files;
        }

        private static void AddFull(Merged merged, ulong lamports, ReadOnlySpan<byte> value, ReadOnlySpan<byte> pubkey, Span<byte> leaf)
        {
            if (lamports == 0) return;
            merged.FullCapitalization += lamports;
            if (merged.FullMerkle != null)
            {
                AccountHashes.MerkleLeaf(lamports, AccountEncoding.RentEpoch(value), AccountEncoding.Data(value), AccountEncoding.Executable(value),
                    AccountEncoding.Owner(value), pubkey, leaf);
                merged.FullMerkle.Add(leaf);
            }
        }

        private static void FinishWriter(SstFileWriter? writer)
        {
            if (writer == null) return;
            writer.Finish();
            writer.Dispose();
        }

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

        private void Report(LoadPhase phase, long accounts, bool force)
        {
            if (options.Progress == null) return;
            var elapsed = _clock.Elapsed;
            if (!force && elapsed - _lastReport < options.ProgressInterval) return;
            _lastReport = elapsed;
            options.Progress(new LoadProgress(phase, accounts, _bytesRead, _bytesTotal, elapsed));
        }

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
